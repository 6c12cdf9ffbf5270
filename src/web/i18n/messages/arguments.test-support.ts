import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

/** Argument and tag names an ICU message uses (`{count}`, `<link>`), nested ones included. */
export function argumentsOf(
  elements: MessageFormatElement[],
  out = new Set<string>(),
): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    out.add(el.value);
    if (el.type === TYPE.tag) argumentsOf(el.children, out);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) argumentsOf(option.value, out);
  }
  return out;
}
