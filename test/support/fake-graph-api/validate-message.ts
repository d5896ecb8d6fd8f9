import { GraphError, invalidParameter } from './graph-error';

/**
 * Checks a `POST /{phone-number-id}/messages` body against Meta's documented limits and throws the
 * GraphError Meta would answer (code 100 with `details` naming the parameter; 132000/132001/132018 for
 * templates). Only what the adapter may send is known here: text, interactive button and list,
 * document, image/audio/video/sticker, template, reaction, location; anything else is refused.
 */
export interface ValidationContext {
  /** Ids of media uploaded to this number (`POST /media`). */
  isUploaded(id: string): boolean;
  templates?: { name: string; language: string; bodyParams: number }[];
}

type Json = Record<string, unknown>;

const LIMITS = {
  textBody: 4096,
  interactiveBody: 1024,
  headerText: 60,
  footerText: 60,
  caption: 1024,
  buttons: 3,
  buttonId: 256,
  buttonTitle: 20,
  listButton: 20,
  sections: 10,
  rows: 10,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  sectionTitle: 24,
} as const;

const MEDIA_TYPES = ['document', 'image', 'audio', 'video', 'sticker'] as const;

export function validateMessage(body: Json, context: ValidationContext): void {
  if (body.messaging_product === undefined) throw required('messaging_product');
  if (body.messaging_product !== 'whatsapp')
    throw invalidParameter("Param messaging_product must be 'whatsapp'");
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual')
    throw invalidParameter("Param recipient_type must be 'individual'");
  if (body.to === undefined) throw required('to');
  if (typeof body.to !== 'string' || !/^\d{5,15}$/.test(body.to))
    throw invalidParameter('Param to must be a phone number in digits (wa_id), without + or spaces');
  const type = body.type ?? 'text';
  if (typeof type !== 'string') throw invalidParameter('Param type must be a string');
  const content = body[type];
  if (content === undefined) throw required(type);
  const object = asObject(content, type);
  if (body.context !== undefined) {
    const messageId = asObject(body.context, 'context').message_id;
    if (typeof messageId !== 'string' || messageId === '') throw required("context['message_id']");
  }
  switch (type) {
    case 'text':
      return validateText(object);
    case 'interactive':
      return validateInteractive(object);
    case 'template':
      return validateTemplate(object, context);
    case 'reaction':
      if (typeof object.message_id !== 'string') throw required("reaction['message_id']");
      if (typeof object.emoji !== 'string') throw required("reaction['emoji']");
      return;
    case 'location':
      if (typeof object.latitude !== 'number' && typeof object.latitude !== 'string')
        throw required("location['latitude']");
      if (typeof object.longitude !== 'number' && typeof object.longitude !== 'string')
        throw required("location['longitude']");
      return;
    default:
      if ((MEDIA_TYPES as readonly string[]).includes(type)) return validateMedia(type, object, context);
      throw invalidParameter(`Param type '${type}' is not a supported message type`);
  }
}

function validateText(text: Json): void {
  checkString(text.body, "text['body']", 1, LIMITS.textBody);
  if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean')
    throw invalidParameter("Param text['preview_url'] must be a boolean");
}

function validateInteractive(interactive: Json): void {
  const body = interactive.body === undefined ? undefined : asObject(interactive.body, "interactive['body']");
  if (!body) throw required("interactive['body']");
  checkString(body.text, "interactive['body']['text']", 1, LIMITS.interactiveBody);
  if (interactive.header !== undefined) {
    const header = asObject(interactive.header, "interactive['header']");
    if (header.type === 'text')
      checkString(header.text, "interactive['header']['text']", 1, LIMITS.headerText);
  }
  if (interactive.footer !== undefined) {
    const footer = asObject(interactive.footer, "interactive['footer']");
    checkString(footer.text, "interactive['footer']['text']", 1, LIMITS.footerText);
  }
  const action = interactive.action === undefined ? undefined : asObject(interactive.action, 'action');
  if (!action) throw required("interactive['action']");
  if (interactive.type === 'button') return validateButtons(action);
  if (interactive.type === 'list') return validateList(action);
  if (interactive.type === undefined) throw required("interactive['type']");
  throw invalidParameter(`Param interactive['type'] '${String(interactive.type)}' is not imitated`);
}

function validateButtons(action: Json): void {
  const buttons = action.buttons;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > LIMITS.buttons)
    throw invalidParameter(
      `Param interactive['action']['buttons'] must have between 1 and ${LIMITS.buttons} elements`,
    );
  const titles = new Set<string>();
  const ids = new Set<string>();
  buttons.forEach((raw: unknown, i) => {
    const where = `interactive['action']['buttons'][${i}]`;
    const button = asObject(raw, where);
    if (button.type !== 'reply') throw invalidParameter(`Param ${where}['type'] must be 'reply'`);
    const reply = asObject(button.reply, `${where}['reply']`);
    checkString(reply.id, `${where}['reply']['id']`, 1, LIMITS.buttonId);
    checkString(reply.title, `${where}['reply']['title']`, 1, LIMITS.buttonTitle);
    if (titles.has(reply.title as string)) throw invalidParameter('Button title must be unique');
    if (ids.has(reply.id as string)) throw invalidParameter('Button id must be unique');
    titles.add(reply.title as string);
    ids.add(reply.id as string);
  });
}

function validateList(action: Json): void {
  checkString(action.button, "interactive['action']['button']", 1, LIMITS.listButton);
  const sections = action.sections;
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > LIMITS.sections)
    throw invalidParameter(
      `Param interactive['action']['sections'] must have between 1 and ${LIMITS.sections} elements`,
    );
  let rows = 0;
  const ids = new Set<string>();
  sections.forEach((raw: unknown, s) => {
    const where = `interactive['action']['sections'][${s}]`;
    const section = asObject(raw, where);
    if (section.title !== undefined || sections.length > 1)
      checkString(section.title, `${where}['title']`, 1, LIMITS.sectionTitle);
    if (!Array.isArray(section.rows) || section.rows.length < 1)
      throw invalidParameter(`Param ${where}['rows'] must have at least 1 element`);
    section.rows.forEach((rawRow: unknown, r) => {
      const at = `${where}['rows'][${r}]`;
      const row = asObject(rawRow, at);
      checkString(row.id, `${at}['id']`, 1, LIMITS.rowId);
      checkString(row.title, `${at}['title']`, 1, LIMITS.rowTitle);
      if (row.description !== undefined)
        checkString(row.description, `${at}['description']`, 0, LIMITS.rowDescription);
      if (ids.has(row.id as string)) throw invalidParameter('Row id must be unique');
      ids.add(row.id as string);
      rows += 1;
    });
  });
  if (rows > LIMITS.rows) throw invalidParameter(`Total row count exceed max allowed count: ${LIMITS.rows}`);
}

function validateMedia(type: string, media: Json, context: ValidationContext): void {
  const hasId = media.id !== undefined;
  const hasLink = media.link !== undefined;
  if (hasId === hasLink) throw invalidParameter(`Param ${type} must have exactly one of 'id' or 'link'`);
  if (hasId && (typeof media.id !== 'string' || !context.isUploaded(media.id)))
    throw invalidParameter(`Param ${type}['id'] is not a valid media id: ${String(media.id)}`);
  if (hasLink && (typeof media.link !== 'string' || !/^https?:\/\/\S+$/.test(media.link)))
    throw invalidParameter(`Param ${type}['link'] must be a valid http(s) URL`);
  if (media.caption !== undefined) {
    if (type === 'audio' || type === 'sticker')
      throw invalidParameter(`Param ${type}['caption'] is not allowed for ${type}`);
    checkString(media.caption, `${type}['caption']`, 0, LIMITS.caption);
  }
  if (media.filename !== undefined) {
    if (type !== 'document') throw invalidParameter(`Param ${type}['filename'] is only for documents`);
    checkString(media.filename, "document['filename']", 1, 240);
  }
}

function validateTemplate(template: Json, context: ValidationContext): void {
  checkString(template.name, "template['name']", 1, 512);
  const language = template.language === undefined ? undefined : asObject(template.language, 'language');
  if (!language) throw required("template['language']");
  checkString(language.code, "template['language']['code']", 2, 15);
  const components = template.components ?? [];
  if (!Array.isArray(components)) throw invalidParameter("Param template['components'] must be an array");
  let bodyParams = 0;
  components.forEach((raw: unknown, c) => {
    const where = `template['components'][${c}]`;
    const component = asObject(raw, where);
    if (!['header', 'body', 'button'].includes(String(component.type)))
      throw invalidParameter(`Param ${where}['type'] must be one of header, body, button`);
    const parameters = component.parameters ?? [];
    if (!Array.isArray(parameters)) throw invalidParameter(`Param ${where}['parameters'] must be an array`);
    parameters.forEach((rawParam: unknown, p) => {
      const at = `${where}['parameters'][${p}]`;
      const parameter = asObject(rawParam, at);
      if (parameter.type !== 'text') return;
      checkString(parameter.text, `${at}['text']`, 1, 32768);
      // Meta refuses these in a template parameter (a frequent adapter mistake: a multi-line reason).
      if (/[\n\t]| {5,}/.test(parameter.text as string))
        throw new GraphError(
          400,
          132018,
          '(#132018) There was an issue with the parameters in your template.',
          'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
        );
    });
    if (component.type === 'body') bodyParams += parameters.length;
  });
  if (!context.templates) return;
  const known = context.templates.find((t) => t.name === template.name && t.language === language.code);
  if (!known)
    throw new GraphError(
      404,
      132001,
      '(#132001) Template name does not exist in the translation',
      `template name (${String(template.name)}) does not exist in ${String(language.code)}`,
    );
  if (known.bodyParams !== bodyParams)
    throw new GraphError(
      400,
      132000,
      '(#132000) Number of parameters does not match the expected number of params',
      `body: number of localizable_params (${bodyParams}) does not match the expected number of params ` +
        `(${known.bodyParams})`,
    );
}

function required(parameter: string): GraphError {
  return new GraphError(
    400,
    100,
    `(#100) The parameter ${parameter} is required.`,
    `Param ${parameter} is required`,
  );
}

function asObject(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidParameter(`Param ${where} must be a JSON object`);
  return value as Json;
}

/** Lengths in characters as Meta counts them (code points, so an emoji counts once). */
function checkString(value: unknown, where: string, min: number, max: number): void {
  if (value === undefined) throw required(where);
  if (typeof value !== 'string') throw invalidParameter(`Param ${where} must be a string`);
  const length = [...value].length;
  if (length < min || (min > 0 && value.trim() === ''))
    throw invalidParameter(`Param ${where} is required and must not be empty`);
  if (length > max) throw invalidParameter(`Param ${where} must be at most ${max} characters long.`);
}
