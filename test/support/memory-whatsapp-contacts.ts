import type { WhatsAppContactRepository } from '../../src/store/whatsapp-contact-repository';

/** `WhatsAppContactRepository` in memory, for adapter tests that need no database. */
export class MemoryWhatsAppContacts implements WhatsAppContactRepository {
  readonly wrote = new Map<string, Date>();
  readonly optedIn = new Map<string, Date>();

  async recordInbound(chatId: string, at: Date): Promise<void> {
    this.wrote.set(chatId, at);
  }

  async recordOptIn(chatId: string, at: Date): Promise<void> {
    this.optedIn.set(chatId, at);
  }

  async mayMessage(chatId: string): Promise<boolean> {
    return this.wrote.has(chatId) || this.optedIn.has(chatId);
  }
}
