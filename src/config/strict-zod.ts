/**
 * The zod the association profile is written with (`import * as z from './strict-zod'`): zod itself,
 * except that every `z.object` refuses keys it does not declare. Without it zod drops an unknown key
 * silently, so a misspelt `decisionWorkingDay: 20` would leave the default in force while the operator
 * believes it changed. Doing it here, once, keeps every object of the schema strict, those added later
 * included, without anyone remembering to write `.strict()`.
 */
import { z as zod } from 'zod';
import { nearestKey } from '../domain/text/nearest-key';

export * from 'zod';

/**
 * `z.object`, strict: an undeclared key fails with `unknown key; did you mean "…"?` at its own path
 * (`deadlines.decisionWorkingDay`). The catchall, rather than zod's `strictObject`, is what puts the key
 * in the path: zod reports the keys of a strict object on the object's path, in one issue.
 */
export function object<T extends zod.core.$ZodLooseShape>(
  shape: T,
  params?: string | zod.core.$ZodObjectParams,
): zod.ZodObject<zod.core.util.Writeable<T>, zod.core.$strict> {
  const known = Object.keys(shape);
  const unknownKey = zod.unknown().refine(() => false, {
    error: (issue) => {
      const key = String(issue.path?.at(-1) ?? '');
      const near = nearestKey(key, known);
      return near
        ? `unknown key; did you mean "${near}"?`
        : `unknown key: the keys here are ${known.join(', ')}`;
    },
  });
  // Returned as zod's strict object type, without the catchall's index signature: nothing the catchall
  // lets through leaves the parse, which fails.
  return zod.object(shape, params).catchall(unknownKey);
}

/**
 * `z.partialRecord`, whose unknown keys (an intent that does not exist) are named with the nearest valid
 * one. zod reports them together on the record's path, so the keys are in the message.
 */
export function partialRecord<Key extends zod.core.$ZodRecordKey, Value extends zod.core.SomeType>(
  keyType: Key,
  valueType: Value,
): zod.ZodRecord<Key & zod.core.$partial, Value> {
  const known = [...((keyType._zod.values as Set<unknown> | undefined) ?? [])].map(String);
  return zod.partialRecord(keyType, valueType, {
    error: (issue) => {
      // zod raises unrecognized_keys for an enum-keyed record, though its issue type omits the code.
      const raised = issue as { code: string; keys?: readonly string[] };
      if (raised.code !== 'unrecognized_keys' || !raised.keys) return undefined;
      return raised.keys
        .map((key) => {
          const near = nearestKey(key, known);
          return `unknown key "${key}"${near ? `; did you mean "${near}"?` : `: the keys are ${known.join(', ')}`}`;
        })
        .join('; ');
    },
  });
}
