import { productById, type Product } from './catalog'

/** One line of the shop's own cart. */
export interface Line {
  id: string
  variant: string
  quantity: number
}

const KEY = 'hinterland_cart'

/**
 * The shop's own cart, kept in localStorage whatever the visitor chose about tracking: the shop
 * works without consent; touchtrail's cart plugin only hears about it.
 */
export function createShopCart(onChange: (lines: Line[]) => void) {
  let lines: Line[] = read()
  const save = () => {
    localStorage.setItem(KEY, JSON.stringify(lines))
    onChange(lines)
  }
  return {
    lines: () => lines,
    count: () => lines.reduce((n, l) => n + l.quantity, 0),
    total: () => lines.reduce((sum, l) => sum + (productById(l.id)?.price ?? 0) * l.quantity, 0),
    add(product: Product, variant: string, quantity = 1) {
      const line = lines.find((l) => l.id == product.id && l.variant == variant)
      if (line) line.quantity += quantity
      else lines.push({ id: product.id, variant, quantity })
      save()
    },
    set(id: string, variant: string, quantity: number) {
      lines = lines.flatMap((l) => (l.id == id && l.variant == variant ? (quantity > 0 ? [{ ...l, quantity }] : []) : [l]))
      save()
    },
    empty() {
      lines = []
      save()
    },
  }
}

export type ShopCart = ReturnType<typeof createShopCart>

function read(): Line[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) || '[]')
    return Array.isArray(parsed) ? parsed.filter((l): l is Line => !!productById(l?.id) && l.quantity > 0) : []
  } catch {
    return []
  }
}
