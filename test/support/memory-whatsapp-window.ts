import type { WhatsAppWindowFacts } from '../../src/store/whatsapp-window-repository';
import type { MemoryWhatsAppContacts } from './memory-whatsapp-contacts';

/** The Cloud API's 24-hour window in memory, read from what `contacts` recorded, for adapter tests. */
export class MemoryWhatsAppWindow {
  readonly closed = new Map<string, Date>();
  readonly asked = new Map<string, Date>();

  constructor(private readonly contacts: MemoryWhatsAppContacts) {}

  async facts(chatId: string): Promise<WhatsAppWindowFacts> {
    const last = this.contacts.wrote.get(chatId);
    const closed = this.closed.get(chatId);
    const asked = this.asked.get(chatId);
    return {
      ...(last ? { lastInboundAt: last } : {}),
      ...(closed ? { windowClosedAt: closed } : {}),
      ...(asked ? { reopenAskedAt: asked } : {}),
    };
  }

  async recordClosed(chatId: string, at: Date): Promise<void> {
    this.closed.set(chatId, at);
  }

  async recordReopenAsked(chatId: string, at: Date): Promise<void> {
    this.asked.set(chatId, at);
  }
}
