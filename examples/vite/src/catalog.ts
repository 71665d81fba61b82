/** One product of the shop; the fields after `id` are GA4's item fields, sent as they are. */
export interface Product {
  id: string
  item_name: string
  item_brand: string
  item_category: string
  price: number
  /** The choices the shop offers (grind, colour); the chosen one is GA4's `item_variant`. */
  variants: string[]
  /** What the shop says about it. */
  blurb: string
  /** The colour of its picture. */
  tint: string
}

export const CURRENCY = 'EUR'

const GRINDS = ['Whole bean', 'Filter', 'Espresso']

export const PRODUCTS: Product[] = [
  {
    id: 'yirgacheffe',
    item_name: 'Yirgacheffe, washed',
    item_brand: 'Hinterland',
    item_category: 'Coffee',
    price: 12.9,
    variants: GRINDS,
    blurb: 'Bergamot, peach and black tea from the Gedeo zone. 250 g, roasted for filter.',
    tint: '#c9a227',
  },
  {
    id: 'huila',
    item_name: 'Huila, honey process',
    item_brand: 'Hinterland',
    item_category: 'Coffee',
    price: 11.5,
    variants: GRINDS,
    blurb: 'Red apple, panela and a long cocoa finish from smallholders near Pitalito. 250 g.',
    tint: '#b5542c',
  },
  {
    id: 'house-espresso',
    item_name: 'House espresso',
    item_brand: 'Hinterland',
    item_category: 'Coffee',
    price: 34,
    variants: ['Whole bean', 'Espresso'],
    blurb: 'Brazil and Guatemala, roasted a little longer: hazelnut, milk chocolate, low acidity. 1 kg.',
    tint: '#5b3a29',
  },
  {
    id: 'stoneware-cup',
    item_name: 'Stoneware cup',
    item_brand: 'Töpferei Lindner',
    item_category: 'Equipment',
    price: 18,
    variants: ['Sand', 'Slate'],
    blurb: 'Thrown by hand in the Westerwald, 180 ml, dishwasher safe.',
    tint: '#6f7f86',
  },
]

export function productById(id: string): Product | undefined {
  return PRODUCTS.find((p) => p.id == id)
}

/** `12.9` → `€12.90` */
export const money = (value: number) => new Intl.NumberFormat('en-IE', { style: 'currency', currency: CURRENCY }).format(value)
