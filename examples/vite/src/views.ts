import type { Tracker } from '@touchtrail/core'
import type { CartItem } from '@touchtrail/cart'
import { CURRENCY, PRODUCTS, money, productById, type Product } from './catalog'
import type { Route } from './routes'
import type { ShopCart } from './shop-cart'

/** What the views need from the rest of the app. */
export interface ViewContext {
  tracker: Tracker
  cart: ShopCart
}

/** A product as GA4's `items` entry. */
const item = (product: Product, variant: string, quantity = 1): CartItem => ({
  item_id: product.id,
  item_name: product.item_name,
  item_brand: product.item_brand,
  item_category: product.item_category,
  item_variant: variant,
  price: product.price,
  quantity,
})

/** The product's picture: a coffee bag or, for equipment, a cup, in the product's colour. */
const picture = (p: Product) =>
  p.item_category == 'Coffee'
    ? `<svg viewBox="0 0 120 120" role="img" aria-label="${p.item_name}"><rect width="120" height="120" fill="${p.tint}" opacity=".18"/>
        <path d="M38 28h44l6 10v62a6 6 0 0 1-6 6H38a6 6 0 0 1-6-6V38z" fill="${p.tint}"/><path d="M32 38h56" stroke="#0003" stroke-width="3"/>
        <rect x="44" y="56" width="32" height="26" rx="3" fill="#fffbf2"/><circle cx="60" cy="69" r="6" fill="${p.tint}"/></svg>`
    : `<svg viewBox="0 0 120 120" role="img" aria-label="${p.item_name}"><rect width="120" height="120" fill="${p.tint}" opacity=".18"/>
        <path d="M34 46h46v30a18 18 0 0 1-18 18h-10a18 18 0 0 1-18-18z" fill="${p.tint}"/>
        <path d="M80 54h6a9 9 0 0 1 0 18h-7" fill="none" stroke="${p.tint}" stroke-width="6"/><path d="M48 30c-4 5 4 8 0 13M60 28c-4 5 4 8 0 13" stroke="${p.tint}" stroke-width="3" fill="none" opacity=".6"/></svg>`

export function render(route: Route, view: HTMLElement, ctx: ViewContext) {
  if (route.name == 'home') home(view)
  else if (route.name == 'product') product(view, route.product, ctx)
  else if (route.name == 'cart') cartPage(view, ctx)
  else view.innerHTML = `<section class="narrow"><h1>Not found</h1><p>That page is not here. <a href="/">Back to the coffee</a>.</p></section>`
}

function home(view: HTMLElement) {
  view.innerHTML = `
    <section class="hero"><h1>Small-lot coffee, roasted on Tuesdays</h1>
      <p>Shipped on Wednesdays from Koblenz, free from €40.</p></section>
    <ul class="grid">${PRODUCTS.map(
      (p) => `<li><a class="card" href="/product/${p.id}">${picture(p)}<span class="name">${p.item_name}</span>
        <span class="muted">${p.item_category}</span><span class="price">${money(p.price)}</span></a></li>`,
    ).join('')}</ul>`
}

function product(view: HTMLElement, p: Product, { tracker, cart }: ViewContext) {
  view.innerHTML = `
    <article class="product">
      <div class="picture">${picture(p)}</div>
      <div>
        <p class="muted"><a href="/">Shop</a> / ${p.item_category}</p>
        <h1>${p.item_name}</h1>
        <p>${p.blurb}</p>
        <p class="price">${money(p.price)}</p>
        <fieldset class="variants"><legend>${p.item_category == 'Coffee' ? 'Grind' : 'Glaze'}</legend>
          ${p.variants.map((v, i) => `<label><input type="radio" name="variant" value="${v}" ${i ? '' : 'checked'}> ${v}</label>`).join('')}
        </fieldset>
        <button type="button" data-add>Add to cart</button>
        <p class="added" hidden>Added. <a href="/cart">View cart</a> or <a href="/">keep browsing</a>.</p>
      </div>
    </article>`
  tracker.track('view_item', { currency: CURRENCY, value: p.price, items: [item(p, p.variants[0])] })
  view.querySelector('[data-add]')!.addEventListener('click', () => {
    const variant = view.querySelector<HTMLInputElement>('input[name=variant]:checked')!.value
    cart.add(p, variant)
    // The cart plugin records add_to_cart with GA4's currency, value and items.
    tracker.cart?.add(item(p, variant), { currency: CURRENCY })
    view.querySelector<HTMLElement>('.added')!.hidden = false
  })
}

/** The cart; `viewed` records `view_cart` (not again when a quantity changes). */
function cartPage(view: HTMLElement, ctx: ViewContext, viewed = true) {
  const { tracker, cart } = ctx
  const lines = cart.lines()
  const items = lines.map((l) => item(productById(l.id)!, l.variant, l.quantity))
  if (!lines.length) {
    view.innerHTML = `<section class="narrow"><h1>Your cart</h1><p>It is empty. <a href="/">Find a coffee</a>.</p></section>`
    return
  }
  view.innerHTML = `
    <section class="narrow"><h1>Your cart</h1>
      <ul class="lines">${items
        .map(
          (it, i) => `<li><span><strong>${it.item_name}</strong><br><span class="muted">${it.item_variant}</span></span>
          <span class="qty"><button type="button" class="ghost" data-line="${i}" data-delta="-1" aria-label="One less">−</button>
          <span>${it.quantity}</span><button type="button" class="ghost" data-line="${i}" data-delta="1" aria-label="One more">+</button></span>
          <span class="price">${money(it.price! * it.quantity!)}</span></li>`,
        )
        .join('')}</ul>
      <p class="total">Total <strong>${money(cart.total())}</strong></p>
      <button type="button" data-order>Place order</button>
    </section>`
  if (viewed) tracker.track('view_cart', { currency: CURRENCY, value: cart.total(), items })

  view.querySelectorAll<HTMLButtonElement>('[data-delta]').forEach((button) =>
    button.addEventListener('click', () => {
      const line = lines[Number(button.dataset.line)]
      const quantity = line.quantity + Number(button.dataset.delta)
      cart.set(line.id, line.variant, quantity)
      // update() records add_to_cart or remove_from_cart for the difference.
      tracker.cart?.update(item(productById(line.id)!, line.variant, quantity), { currency: CURRENCY })
      cartPage(view, ctx, false)
    }),
  )
  view.querySelector('[data-order]')!.addEventListener('click', () => {
    const order = `HR-${Date.now().toString(36).toUpperCase()}`
    tracker.cart?.purchase({ transaction_id: order, currency: CURRENCY, value: cart.total(), items })
    cart.empty()
    view.innerHTML = `<section class="narrow"><h1>Thank you</h1><p>Order ${order} is in. (This is a demo: nothing will be roasted.)</p>
      <p><a href="/">Back to the coffee</a></p></section>`
  })
}
