import type { ConsentState } from '@touchtrail/core'

const KEY = 'hinterland_consent'

/** The visitor's earlier choice, or `pending` when they have not made one. */
export function storedConsent(): ConsentState {
  const choice = localStorage.getItem(KEY)
  return choice == 'granted' || choice == 'denied' ? choice : 'pending'
}

/**
 * A small consent banner: shown while the choice is pending, and again from "Privacy choices".
 * The choice is the shop's own record (a consent manager would keep it the same way); `onChoice`
 * passes it to the tracker.
 */
export function consentBanner(onChoice: (choice: 'granted' | 'denied') => void) {
  const banner = document.createElement('section')
  banner.className = 'consent'
  banner.setAttribute('aria-label', 'Privacy choices')
  banner.innerHTML = `
    <p><strong>May we measure your visit?</strong> We would like to see which newsletter or ad brought you
    and what ends up in carts, to stock the right coffee. No advertising, no third parties.</p>
    <div class="consent-actions">
      <button type="button" class="ghost" data-choice="denied">Decline</button>
      <button type="button" data-choice="granted">Accept</button>
    </div>`
  banner.addEventListener('click', (event) => {
    const choice = event.target instanceof HTMLElement && event.target.dataset.choice
    if (choice != 'granted' && choice != 'denied') return
    localStorage.setItem(KEY, choice)
    banner.remove()
    onChoice(choice)
  })
  const open = () => document.body.append(banner)
  if (storedConsent() == 'pending') open()
  return { open }
}
