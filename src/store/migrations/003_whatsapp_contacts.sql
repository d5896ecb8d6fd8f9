-- WhatsApp chats Tawasul may write to: those that wrote to the association's number first, or opted in.
-- whatsapp-web.js is an unofficial client; writing to people who never contacted the number is the
-- quickest way to have it banned. chat_id is the id WhatsApp gave (…@c.us or an opaque …@lid).
CREATE TABLE whatsapp_contacts (
  chat_id text PRIMARY KEY,
  first_inbound_at timestamptz,
  last_inbound_at timestamptz,
  opted_in_at timestamptz,
  CHECK (first_inbound_at IS NOT NULL OR opted_in_at IS NOT NULL)
);
