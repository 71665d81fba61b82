// The demo shop's own code, shared by every page: its catalog and cart, its GA4 ecommerce events,
// and the touchtrail script tag. Each page names itself in <body data-page="…">.
;(function () {
  'use strict'

  var CURRENCY = 'EUR'
  var SHIPPING = 4.9
  var VOUCHERS = { COMEBACK10: 0.1 }
  var CATALOG = {
    jeans: { item_id: 'jeans', item_name: 'Slim jeans', item_brand: 'Trail Denim', item_category: 'Jeans', price: 59.9, sizes: ['30/32', '32/32', '34/32'], initial: 'J' },
    belt: { item_id: 'belt', item_name: 'Leather belt', item_brand: 'Trail Denim', item_category: 'Accessories', price: 24.9, sizes: ['85', '95'], initial: 'B' },
    tee: { item_id: 'tee', item_name: 'Organic tee', item_brand: 'Trail Basics', item_category: 'Shirts', price: 19.9, sizes: ['S', 'M', 'L'], initial: 'T' },
  }

  // Where events go and how the shop reports them. `window.shopConfig` (set before this script) or
  // ?endpoint=…&tracking=… on any page (kept for the next pages) override the defaults.
  var config = (function () {
    var query = new URLSearchParams(location.search)
    var saved = JSON.parse(localStorage.getItem('shop_config') || '{}')
    var fromQuery = {}
    if (query.get('endpoint')) fromQuery.endpoint = query.get('endpoint')
    if (query.get('tracking')) fromQuery.tracking = query.get('tracking')
    if (fromQuery.endpoint || fromQuery.tracking) localStorage.setItem('shop_config', JSON.stringify(Object.assign(saved, fromQuery)))
    return Object.assign({ endpoint: 'http://127.0.0.1:8787/collect', tracking: 'datalayer' }, saved, window.shopConfig, fromQuery)
  })()

  // The script tag, as a shop pastes it (built here only so the endpoint can be chosen).
  var tag = document.createElement('script')
  tag.async = true
  tag.src = '/packages/browser/dist/touchtrail.min.js'
  tag.setAttribute('data-endpoint', config.endpoint)
  tag.setAttribute('data-site', 'demo-shop')
  document.head.appendChild(tag)

  window.dataLayer = window.dataLayer || []

  /** A GA4 ecommerce event, the way GTM's documentation pushes it. */
  function ga4(event, params) {
    if (config.tracking == 'api') return
    window.dataLayer.push({ ecommerce: null })
    window.dataLayer.push({ event: event, ecommerce: params })
  }
  /** A touchtrail call, for shops that use its API. */
  function tt() {
    if (config.tracking != 'datalayer') window.touchtrail.apply(null, arguments)
  }

  // The shop's own cart (a real shop keeps it on its server).
  function readCart() {
    return JSON.parse(localStorage.getItem('shop_cart') || '[]')
  }
  function writeCart(lines) {
    localStorage.setItem('shop_cart', JSON.stringify(lines))
    renderCartLink()
  }
  function lineItem(id, size, quantity) {
    var p = CATALOG[id]
    return { item_id: p.item_id, item_name: p.item_name, item_brand: p.item_brand, item_category: p.item_category, item_variant: size, price: p.price, quantity: quantity }
  }
  function sum(lines) {
    return Math.round(lines.reduce(function (v, l) { return v + l.price * l.quantity }, 0) * 100) / 100
  }
  function money(v) {
    return new Intl.NumberFormat('en-IE', { style: 'currency', currency: CURRENCY }).format(v)
  }
  function $(selector) {
    return document.querySelector(selector)
  }
  function renderCartLink() {
    var n = readCart().reduce(function (c, l) { return c + l.quantity }, 0)
    var link = $('.cart-link')
    if (link) link.textContent = 'Cart (' + n + ')'
  }

  var pages = {
    home: function () {
      $('.products').innerHTML = Object.keys(CATALOG).map(function (id) {
        var p = CATALOG[id]
        return '<li class="card"><a href="product.html?id=' + id + '"><div class="thumb ' + id + '">' + p.initial + '</div>' +
          '<div>' + p.item_name + '</div><div class="price">' + money(p.price) + '</div></a></li>'
      }).join('')
    },

    product: function () {
      var id = new URLSearchParams(location.search).get('id') || 'jeans'
      var p = CATALOG[id]
      document.title = p.item_name + ' · Trail Shop'
      $('h1').textContent = p.item_name
      $('.thumb').className = 'thumb ' + id
      $('.thumb').textContent = p.initial
      $('.price').textContent = money(p.price)
      $('#size').innerHTML = p.sizes.map(function (s) { return '<option>' + s + '</option>' }).join('')
      var item = lineItem(id, undefined, 1)
      delete item.item_variant
      ga4('view_item', { currency: CURRENCY, value: p.price, items: [item] })
      tt('track', 'view_item', { currency: CURRENCY, value: p.price, items: [item] })
      $('#add').addEventListener('click', function () {
        var line = lineItem(id, $('#size').value, 1)
        var lines = readCart()
        var same = lines.filter(function (l) { return l.item_id == id && l.item_variant == line.item_variant })[0]
        if (same) same.quantity += 1
        else lines.push(line)
        writeCart(lines)
        ga4('add_to_cart', { currency: CURRENCY, value: line.price, items: [line] })
        tt('cart', 'add', line, { currency: CURRENCY })
        $('#added').hidden = false
      })
    },

    cart: function () {
      var lines = readCart()
      ga4('view_cart', { currency: CURRENCY, value: sum(lines), items: lines })
      tt('track', 'view_cart', { currency: CURRENCY, value: sum(lines), items: lines })
      var render = function () {
        lines = readCart()
        $('#empty').hidden = lines.length > 0
        $('#full').hidden = lines.length == 0
        $('tbody').innerHTML = lines.map(function (l, i) {
          return '<tr><td>' + l.item_name + ' <small>' + l.item_variant + '</small></td>' +
            '<td><span class="qty"><button class="plain" data-step="-1" data-line="' + i + '">−</button>' + l.quantity +
            '<button class="plain" data-step="1" data-line="' + i + '">+</button></span></td>' +
            '<td class="num">' + money(l.price * l.quantity) + '</td>' +
            '<td class="num"><button class="plain" data-remove="' + i + '">Remove</button></td></tr>'
        }).join('')
        $('#subtotal').textContent = money(sum(lines))
      }
      $('tbody').addEventListener('click', function (e) {
        var b = e.target.closest('button')
        if (!b) return
        var i = +(b.dataset.line || b.dataset.remove)
        var line = lines[i]
        var change = b.dataset.remove != null ? -line.quantity : +b.dataset.step
        var changed = Object.assign({}, line, { quantity: Math.abs(change) })
        ga4(change > 0 ? 'add_to_cart' : 'remove_from_cart', { currency: CURRENCY, value: sum([changed]), items: [changed] })
        tt('cart', 'update', Object.assign({}, line, { quantity: line.quantity + change }), { currency: CURRENCY })
        line.quantity += change
        writeCart(lines.filter(function (l) { return l.quantity > 0 }))
        render()
      })
      render()
    },

    checkout: function () {
      var lines = readCart()
      var coupon
      var totals = function () {
        var subtotal = sum(lines)
        var discount = coupon ? Math.round(subtotal * VOUCHERS[coupon] * 100) / 100 : 0
        return { subtotal: subtotal, discount: discount, value: Math.round((subtotal - discount) * 100) / 100 }
      }
      var render = function () {
        var t = totals()
        $('#subtotal').textContent = money(t.subtotal)
        $('#discount').textContent = '−' + money(t.discount)
        $('#discount-row').hidden = !coupon
        $('#shipping').textContent = money(SHIPPING)
        $('#total').textContent = money(t.value + SHIPPING)
      }
      var note = function (el, text, good) {
        el.textContent = text
        el.className = 'note ' + (good ? 'good' : 'bad')
        el.hidden = false
      }
      ga4('begin_checkout', { currency: CURRENCY, value: sum(lines), items: lines })
      tt('cart', 'checkout')
      $('#apply').addEventListener('click', function () {
        var code = $('#voucher').value.trim().toUpperCase()
        if (VOUCHERS[code]) {
          coupon = code
          note($('#voucher-note'), code + ': ' + VOUCHERS[code] * 100 + ' % off', true)
        } else {
          note($('#voucher-note'), 'The code ' + code + ' is not valid.')
          tt('cart', 'error', 'voucher', 'Code ' + code + ' is not valid', { coupon: code })
        }
        render()
      })
      $('form').addEventListener('submit', function (e) {
        e.preventDefault()
        var paymentType = $('#payment').value
        if (paymentType == 'Declined test card') {
          note($('#payment-note'), 'Your card was declined. Please use another one.')
          tt('cart', 'error', 'payment', 'Card declined')
          return
        }
        var t = totals()
        ga4('add_payment_info', { currency: CURRENCY, value: t.value, coupon: coupon, payment_type: paymentType, items: lines })
        tt('cart', 'checkout', 'add_payment_info', { value: t.value, coupon: coupon, payment_type: paymentType })
        var order = { transaction_id: 'T-' + Date.now().toString(36).toUpperCase(), currency: CURRENCY, value: t.value, shipping: SHIPPING, coupon: coupon, items: lines }
        localStorage.setItem('shop_order', JSON.stringify(order))
        writeCart([])
        location.href = 'thanks.html'
      })
      render()
    },

    thanks: function () {
      var order = JSON.parse(localStorage.getItem('shop_order') || 'null')
      if (!order) return
      $('#order').textContent = order.transaction_id
      $('#paid').textContent = money(order.value + order.shipping)
      // Report the purchase once, not again on a reload of this page.
      if (order.reported) return
      var purchase = { transaction_id: order.transaction_id, currency: order.currency, value: order.value, shipping: order.shipping, coupon: order.coupon, items: order.items }
      ga4('purchase', purchase)
      tt('cart', 'purchase', purchase)
      order.reported = true
      localStorage.setItem('shop_order', JSON.stringify(order))
    },
  }

  document.addEventListener('DOMContentLoaded', function () {
    renderCartLink()
    var page = pages[document.body.dataset.page]
    if (page) page()
  })
})()
