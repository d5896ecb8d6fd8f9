import { CloudWebhookBody, readDelivery } from '../../../src/channels/whatsapp-cloud/cloud-webhook-payload';

const envelope = (value: object, phoneNumberId = '1111') =>
  CloudWebhookBody.parse({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '2222',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '966500000000', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });

describe('readDelivery', () => {
  it('reads messages in timestamp order with the sender profile name, and statuses', () => {
    const delivery = readDelivery(
      envelope({
        contacts: [{ profile: { name: 'نورة' }, wa_id: '966501234567' }],
        messages: [
          {
            from: '966501234567',
            id: 'wamid.B',
            timestamp: '1700000010',
            type: 'text',
            text: { body: 'ثانية' },
          },
          {
            from: '966501234567',
            id: 'wamid.A',
            timestamp: '1700000005',
            type: 'text',
            text: { body: 'أولى' },
          },
        ],
        statuses: [
          { id: 'wamid.X', status: 'delivered', timestamp: '1700000000', recipient_id: '966501234567' },
        ],
      }),
      '1111',
    );
    expect(delivery.messages.map((m) => m.message.id)).toEqual(['wamid.A', 'wamid.B']);
    expect(delivery.messages[0]!.profileName).toBe('نورة');
    expect(delivery.statuses).toEqual([expect.objectContaining({ id: 'wamid.X', status: 'delivered' })]);
    expect(delivery.unreadable).toBe(0);
  });

  it("leaves another number's changes alone, and counts an unreadable item without losing the others", () => {
    expect(
      readDelivery(envelope({ messages: [{ from: '1', id: 'w', type: 'text' }] }, '9999'), '1111').messages,
    ).toEqual([]);
    const delivery = readDelivery(
      envelope({
        messages: [
          { id: 'no-sender', type: 'text' },
          { from: '966501234567', id: 'wamid.ok', type: 'text', text: { body: 'x' } },
        ],
      }),
      '1111',
    );
    expect(delivery.messages.map((m) => m.message.id)).toEqual(['wamid.ok']);
    expect(delivery.unreadable).toBe(1);
  });

  it('refuses a body that is not a WhatsApp Business Account delivery', () => {
    expect(CloudWebhookBody.safeParse({ object: 'page', entry: [] }).success).toBe(false);
    expect(CloudWebhookBody.safeParse({ object: 'whatsapp_business_account' }).success).toBe(false);
  });
});
