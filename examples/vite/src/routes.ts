import { productById, type Product } from './catalog'

/** The shop's three pages, and what any other path shows. */
export type Route = { name: 'home' } | { name: 'product'; product: Product } | { name: 'cart' } | { name: 'not-found' }

export function match(path: string): Route {
  if (path == '/' || path == '/index.html') return { name: 'home' }
  if (path == '/cart') return { name: 'cart' }
  const product = /^\/product\/([\w-]+)$/.exec(path)
  const found = product && productById(product[1])
  return found ? { name: 'product', product: found } : { name: 'not-found' }
}

export function titleOf(route: Route): string {
  const page = { home: 'Coffee', product: route.name == 'product' ? route.product.item_name : '', cart: 'Your cart', 'not-found': 'Not found' }[route.name]
  return `${page} · Hinterland Roasters`
}
