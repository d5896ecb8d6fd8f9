/** The page's fixed elements (index.html), found once. */
function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`the page has no #${id}`);
  return node;
}

export const el = {
  log: byId('log', HTMLDivElement),
  status: byId('status', HTMLParagraphElement),
  form: byId('composer', HTMLFormElement),
  input: byId('input', HTMLTextAreaElement),
  file: byId('file', HTMLInputElement),
  attach: byId('attach', HTMLButtonElement),
  forget: byId('forget', HTMLButtonElement),
  offline: byId('offline', HTMLDivElement),
  retry: byId('retry', HTMLButtonElement),
};
