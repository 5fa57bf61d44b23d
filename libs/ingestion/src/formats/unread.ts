/**
 * What a format reads of a message, as a tree of field names: `true` where it takes the field
 * whole, a subtree where it takes some of the fields inside.
 */
export interface ReadTree {
  [field: string]: true | ReadTree;
}

/**
 * Every field of `value` the reader did not take, by its path (`subject.content.ticketURI`): a
 * field the tree does not name is listed whole (`context.links`, not each link), one it names as a
 * subtree is walked into. One pass over what the message holds, so a message of many fields costs
 * what it holds and no more (its size is bounded before: `parseJson`).
 */
export function unreadFields(value: unknown, read: ReadTree, at: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const unread: string[] = [];
  for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
    const path = at === '' ? field : `${at}.${field}`;
    const taken = Object.hasOwn(read, field) ? read[field] : undefined;
    if (taken === undefined) unread.push(path);
    else if (taken !== true) {
      // A tree where the message has a value of another shape: none of it was read.
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) unread.push(path);
      else unread.push(...unreadFields(inner, taken, path));
    }
  }
  return unread;
}
