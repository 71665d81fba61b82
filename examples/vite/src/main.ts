import './style.css'
import type { Tracker } from '@touchtrail/core'
import { startTracking } from './analytics'
import { consentBanner, storedConsent } from './consent-banner'
import { match, titleOf, type Route } from './routes'
import { startRouter } from './router'
import { createShopCart } from './shop-cart'
import { render } from './views'

const view = document.querySelector<HTMLElement>('#view')!
const badge = document.querySelector<HTMLElement>('[data-cart-count]')!
const cart = createShopCart(() => (badge.textContent = String(cart.count())))
badge.textContent = String(cart.count())

// Created below, after the router: every route is shown after that.
let tracker: Tracker
const show = (route: Route) => {
  document.title = titleOf(route)
  render(route, view, { tracker, cart })
}
startRouter(show)

// The landing's title before the tracker starts: pageViews() records the first page view at once.
const landing = match(location.pathname)
document.title = titleOf(landing)
tracker = startTracking(storedConsent())
show(landing)

const banner = consentBanner((choice) => tracker.consent(choice))
document.querySelector('[data-privacy]')!.addEventListener('click', () => banner.open())
