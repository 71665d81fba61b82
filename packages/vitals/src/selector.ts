/** Longest selector we send: enough to find the element, short enough to group by. */
const MAX_LENGTH = 100

/**
 * A short CSS-like selector for an element, the way web-vitals' attribution build names targets:
 * `tag.class1.class2` per level, from the element up to the nearest id (`#hero>img.main`), cut
 * before it would exceed 100 characters. Text nodes name their parent; `''` for nothing.
 *
 * @example
 * // <div id="hero"><img class="main"></div>
 * selector(document.querySelector('img')) // '#hero>img.main'
 */
export function selector(node: Node | null | undefined): string {
  let out = ''
  let el = (node?.nodeType == 1 ? node : node?.parentElement) as Element | null | undefined
  for (; el && el.nodeType == 1; el = el.parentElement) {
    const part = el.id ? '#' + el.id : [el.localName, ...Array.from(el.classList).slice(0, 3)].join('.')
    if (out.length + part.length >= MAX_LENGTH) return out || part.slice(0, MAX_LENGTH)
    out = out ? part + '>' + out : part
    if (el.id || el.localName == 'body') break
  }
  return out
}
