import { beforeEach, describe, expect, it } from 'vitest'
import { selector } from './selector.js'

beforeEach(() => {
  document.body.innerHTML = `<main><section id="hero"><div class="media wide"><img class="main b a"></div></section>
<ul class="sizes"><li><button class="pick">M</button></li></ul></main>`
})

describe('selector', () => {
  it('climbs to the nearest id', () => {
    expect(selector(document.querySelector('img'))).toBe('#hero>div.media.wide>img.main.b.a')
  })

  it('stops at the body when no ancestor has an id', () => {
    expect(selector(document.querySelector('button'))).toBe('body>main>ul.sizes>li>button.pick')
  })

  it('names a text node by its element', () => {
    expect(selector(document.querySelector('button')!.firstChild)).toBe('body>main>ul.sizes>li>button.pick')
  })

  it('stays within 100 characters, keeping the element end', () => {
    const deep = document.createElement('span')
    let parent: Element = document.querySelector('li')!
    for (let i = 0; i < 20; i++) parent = parent.appendChild(document.createElement('div'))
    parent.appendChild(deep)
    const s = selector(deep)
    expect(s.length).toBeLessThan(100)
    expect(s.endsWith('div>div>span')).toBe(true)
  })

  it('is empty for nothing', () => {
    expect(selector(null)).toBe('')
  })
})
