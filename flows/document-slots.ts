import { z } from 'zod';
import type { Profile, Service } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { askChoice, say, type Effect } from '../src/engine/effects';
import type { ActionArgs, ActionFn, FlowEnv, GuardFn } from '../src/engine/flow';
import { clipText } from '../src/domain/text/storable-text';

/** A file received for a document slot (sniffed type, size, content hash). */
export const DocRef = z.object({
  ref: z.string(),
  sha256: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number(),
  fileName: z.string().optional(),
});
export type DocRef = z.infer<typeof DocRef>;

type DocumentSpec = Service['documents'][number];

/** A file is accepted for a document when its real (sniffed) type and size fit the profile. */
export function fitsDocument(doc: DocRef, spec: DocumentSpec): boolean {
  return spec.mimeTypes.includes(doc.mimeType) && doc.sizeBytes <= spec.maxBytes;
}

/**
 * How a question names a file: its file name when it has one, else its kind and size (two photos sent
 * together differ by size), so the person knows which file "which document is this?" is about.
 */
export function describeFile(doc: DocRef, env: Pick<FlowEnv, 't'>): string {
  if (doc.fileName) return env.t('request.documents.fileNamed', { name: clipText(doc.fileName, 60) });
  const kb = Math.max(1, Math.round(doc.sizeBytes / 1024));
  return env.t(
    doc.mimeType === 'application/pdf' ? 'request.documents.filePdf' : 'request.documents.filePhoto',
    {
      kb,
    },
  );
}

/** A flow context that files documents under `K` (slot id → file) and keeps files not placed yet. */
type Gathering<K extends string> = { pendingMedia: DocRef[] } & Record<K, Record<string, DocRef>>;

/**
 * The guards and actions of receiving documents in any order, shared by the service request and the
 * missing-information flows: files are checked against the slots still open, filed at once when one
 * slot fits, asked about ("which document is this?") when several do, and refused with the reason
 * (unreadable, too big, wrong type) otherwise. `filedUnder` names the context key of filed documents;
 * `openSlots` the slots that still take a file.
 */
export function documentSlots<C extends Gathering<K>, K extends string>(
  filedUnder: K,
  openSlots: (args: ActionArgs<C, Profile>) => DocumentSpec[],
) {
  type Args = ActionArgs<C, Profile>;

  /** Files the first waiting file under `slot` and says so. */
  const fileFirstPending = (args: Args, slot: DocumentSpec | undefined) => {
    const [next, ...rest] = args.context.pendingMedia;
    if (!next || !slot) return {};
    const filed = { ...args.context[filedUnder], [slot.id]: next };
    return {
      context: { ...args.context, pendingMedia: rest, [filedUnder]: filed } as C,
      effects: [say('request.documents.gotOne', { name: localized(slot.label, args.env.lang) })],
    };
  };

  /** Checks the files of a message; the ones that fit an open slot wait in `pendingMedia`, in order. */
  const receive = (args: Args) => {
    const { input, context } = args;
    const accepted: DocRef[] = [];
    const effects: Effect[] = [];
    const specs = openSlots(args);
    for (const media of input?.media ?? []) {
      if (!media.ref || media.sizeBytes === undefined || !media.mimeType) {
        effects.push(say('request.documents.unreadable'));
        continue;
      }
      const doc: DocRef = {
        ref: media.ref,
        sha256: media.sha256 ?? media.ref,
        mimeType: media.mimeType,
        sizeBytes: media.sizeBytes,
        ...(media.fileName ? { fileName: media.fileName } : {}),
      };
      if (specs.some((s) => fitsDocument(doc, s))) accepted.push(doc);
      else if (specs.some((s) => s.mimeTypes.includes(doc.mimeType))) {
        effects.push(
          say('request.documents.tooBig', {
            maxMb: Math.round(Math.max(...specs.map((s) => s.maxBytes)) / 1048576),
          }),
        );
      } else effects.push(say('request.documents.wrongType'));
    }
    return {
      accepted,
      result: { context: { ...context, pendingMedia: [...context.pendingMedia, ...accepted] }, effects },
    };
  };

  const guards = {
    noPendingMedia: ({ context }) => context.pendingMedia.length === 0,
    pendingFitsOneSlot: (args) => {
      const next = args.context.pendingMedia[0];
      return !!next && openSlots(args).filter((d) => fitsDocument(next, d)).length === 1;
    },
    pendingFitsNoSlot: (args) => {
      const next = args.context.pendingMedia[0];
      return !!next && !openSlots(args).some((d) => fitsDocument(next, d));
    },
    pickedDocument: (args) => openSlots(args).some((d) => `doc:${d.id}` === args.input?.choiceId),
  } satisfies Record<string, GuardFn<C, Profile>>;

  const actions = {
    receiveMedia: (args) => receive(args).result,
    // A file sent while "which document is this?" waits: kept, said so, asked about after the one asked now.
    receiveMoreMedia: (args) => {
      const { result, accepted } = receive(args);
      return {
        ...result,
        effects: [
          ...result.effects,
          ...accepted.map((doc) => say('request.documents.queued', { file: describeFile(doc, args.env) })),
        ],
      };
    },
    assignPendingToOnlySlot: (args) => {
      const next = args.context.pendingMedia[0];
      return fileFirstPending(args, next && openSlots(args).find((d) => fitsDocument(next, d)));
    },
    askWhichDocument: (args) => {
      const next = args.context.pendingMedia[0];
      const slots = openSlots(args).filter((d) => !next || fitsDocument(next, d));
      const choices = slots.map((d) => ({ id: `doc:${d.id}`, label: localized(d.label, args.env.lang) }));
      // The file asked about is named: with several waiting, an unnamed question reads as about the last one.
      return [
        next
          ? askChoice('request.documents.whichFile', choices, { file: describeFile(next, args.env) })
          : askChoice('request.documents.which', choices),
      ];
    },
    assignPendingToPicked: (args) =>
      fileFirstPending(
        args,
        openSlots(args).find((d) => `doc:${d.id}` === args.input?.choiceId),
      ),
    dropPending: ({ context }) => ({ context: { ...context, pendingMedia: [] } }),
    dropUnplaceable: (args) => {
      const open = openSlots(args);
      const placeable = args.context.pendingMedia.filter((doc) => open.some((d) => fitsDocument(doc, d)));
      return {
        context: { ...args.context, pendingMedia: placeable },
        effects: [say('request.documents.extra')],
      };
    },
  } satisfies Record<string, ActionFn<C, Profile>>;

  return { guards, actions };
}
