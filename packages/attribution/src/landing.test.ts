import type { TrackerEvent } from '@touchtrail/core'
import { afterEach, describe, expect, it } from 'vitest'
// The collector's own reading of a session's touch (it imports this package's full lists).
import { touchOf } from '../../collector/src/report/touch.js'
import { testShop, type TestShop } from './test-shop.js'

/**
 * One landing: the page's URL and `document.referrer`, and what the page view must carry in
 * `context.campaign` (source, medium, name) and `context.touchpoint` (channel, and the click id or
 * referrer category where given). `after` is an earlier landing in the same session (for checkout
 * returns and direct returns).
 */
interface Case {
  url: string
  referrer?: string
  source: string
  medium?: string
  name?: string
  channel: string
  clickIdType?: string
  referrerCategory?: string
  after?: [url: string, referrer: string]
}

const SHOP = 'https://shop.example'

const CASES: Record<string, Case> = {
  // GA4's default channel rules, one or more examples each (support.google.com/analytics/answer/9756891).
  'Direct: nothing at all': { url: `${SHOP}/`, source: '(direct)', medium: '(none)', channel: 'Direct', referrerCategory: 'direct' },
  'Direct: tagged (direct) / (none)': { url: `${SHOP}/?utm_source=(direct)&utm_medium=(none)`, source: '(direct)', medium: '(none)', channel: 'Direct' },
  'Cross-network: campaign name contains cross-network': {
    url: `${SHOP}/?utm_source=google&utm_medium=cpc&utm_campaign=pmax-cross-network-q4`,
    source: 'google',
    medium: 'cpc',
    name: 'pmax-cross-network-q4',
    channel: 'Cross-network',
  },
  'Paid Shopping: a shopping source with a paid medium': { url: `${SHOP}/?utm_source=amazon&utm_medium=cpc`, source: 'amazon', medium: 'cpc', channel: 'Paid Shopping' },
  'Paid Shopping: a campaign name about shopping': {
    url: `${SHOP}/?utm_source=partner&utm_medium=ppc&utm_campaign=summer-shopping`,
    source: 'partner',
    medium: 'ppc',
    name: 'summer-shopping',
    channel: 'Paid Shopping',
  },
  'Paid Shopping: e-shop counts, workshop does not (GA4’s [^a-df-z] before shop)': {
    url: `${SHOP}/?utm_source=partner&utm_medium=cpc&utm_campaign=eshop-launch`,
    source: 'partner',
    medium: 'cpc',
    name: 'eshop-launch',
    channel: 'Paid Shopping',
  },
  'Paid Other: workshop is not shopping': {
    url: `${SHOP}/?utm_source=partner&utm_medium=cpc&utm_campaign=workshop`,
    source: 'partner',
    medium: 'cpc',
    name: 'workshop',
    channel: 'Paid Other',
  },
  'Paid Search: google / cpc': { url: `${SHOP}/?utm_source=google&utm_medium=cpc&utm_campaign=brand`, source: 'google', medium: 'cpc', name: 'brand', channel: 'Paid Search' },
  'Paid Search: bing / ppc': { url: `${SHOP}/?utm_source=bing&utm_medium=ppc`, source: 'bing', medium: 'ppc', channel: 'Paid Search' },
  'Paid Search: a cpm on a search source outranks Display': { url: `${SHOP}/?utm_source=google&utm_medium=cpm`, source: 'google', medium: 'cpm', channel: 'Paid Search' },
  'Paid Social: facebook / paid_social': { url: `${SHOP}/?utm_source=facebook&utm_medium=paid_social`, source: 'facebook', medium: 'paid_social', channel: 'Paid Social' },
  'Paid Social: Meta’s dynamic ig / paid': { url: `${SHOP}/?utm_source=ig&utm_medium=paid&utm_campaign=reels`, source: 'ig', medium: 'paid', name: 'reels', channel: 'Paid Social' },
  'Paid Social: linkedin / cpc': { url: `${SHOP}/?utm_source=linkedin&utm_medium=cpc`, source: 'linkedin', medium: 'cpc', channel: 'Paid Social' },
  'Paid Social: tiktok / retargeting': { url: `${SHOP}/?utm_source=tiktok&utm_medium=retargeting`, source: 'tiktok', medium: 'retargeting', channel: 'Paid Social' },
  'Paid Video: youtube / cpv': { url: `${SHOP}/?utm_source=youtube&utm_medium=cpv`, source: 'youtube', medium: 'cpv', channel: 'Paid Video' },
  'Display: display medium': { url: `${SHOP}/?utm_source=dv360&utm_medium=display`, source: 'dv360', medium: 'display', channel: 'Display' },
  'Display: banner medium': { url: `${SHOP}/?utm_source=partner-news&utm_medium=banner`, source: 'partner-news', medium: 'banner', channel: 'Display' },
  'Display: cpm on an unlisted source': { url: `${SHOP}/?utm_source=adnetwork&utm_medium=cpm`, source: 'adnetwork', medium: 'cpm', channel: 'Display' },
  'Display: interstitial': { url: `${SHOP}/?utm_source=app-network&utm_medium=interstitial`, source: 'app-network', medium: 'interstitial', channel: 'Display' },
  'Paid Other: paid medium on an unlisted source': { url: `${SHOP}/?utm_source=newsletter-sponsor&utm_medium=paid`, source: 'newsletter-sponsor', medium: 'paid', channel: 'Paid Other' },
  'Organic Shopping: a shopping source': { url: `${SHOP}/?utm_source=ebay&utm_medium=listing`, source: 'ebay', medium: 'listing', channel: 'Organic Shopping' },
  'Organic Shopping: a shopping campaign without a paid medium': {
    url: `${SHOP}/?utm_source=partner&utm_medium=feed&utm_campaign=shopping-feed`,
    source: 'partner',
    medium: 'feed',
    name: 'shopping-feed',
    channel: 'Organic Shopping',
  },
  'Organic Social: a social source': { url: `${SHOP}/?utm_source=facebook&utm_medium=post`, source: 'facebook', medium: 'post', channel: 'Organic Social' },
  'Organic Social: social medium': { url: `${SHOP}/?utm_source=community&utm_medium=social`, source: 'community', medium: 'social', channel: 'Organic Social' },
  'Organic Social: social-network medium': { url: `${SHOP}/?utm_source=forum&utm_medium=social-network`, source: 'forum', medium: 'social-network', channel: 'Organic Social' },
  'Organic Social: sm medium': { url: `${SHOP}/?utm_source=club&utm_medium=sm`, source: 'club', medium: 'sm', channel: 'Organic Social' },
  'Organic Social: social media with a space': { url: `${SHOP}/?utm_source=club&utm_medium=social+media`, source: 'club', medium: 'social media', channel: 'Organic Social' },
  'Organic Video: a video source': { url: `${SHOP}/?utm_source=vimeo&utm_medium=description`, source: 'vimeo', medium: 'description', channel: 'Organic Video' },
  'Organic Video: a medium with video in it': { url: `${SHOP}/?utm_source=creator&utm_medium=unboxing-video`, source: 'creator', medium: 'unboxing-video', channel: 'Organic Video' },
  'Organic Search: google / organic': { url: `${SHOP}/?utm_source=google&utm_medium=organic`, source: 'google', medium: 'organic', channel: 'Organic Search' },
  'Organic Search: organic medium on any source': { url: `${SHOP}/?utm_source=startpage-x&utm_medium=organic`, source: 'startpage-x', medium: 'organic', channel: 'Organic Search' },
  'Referral: referral medium': { url: `${SHOP}/?utm_source=blog.example.org&utm_medium=referral`, source: 'blog.example.org', medium: 'referral', channel: 'Referral' },
  'Referral: app medium': { url: `${SHOP}/?utm_source=partner-app&utm_medium=app`, source: 'partner-app', medium: 'app', channel: 'Referral' },
  'Referral: link medium': { url: `${SHOP}/?utm_source=linktree&utm_medium=link`, source: 'linktree', medium: 'link', channel: 'Referral' },
  'Email: email medium': { url: `${SHOP}/?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday`, source: 'newsletter', medium: 'email', name: 'black-friday', channel: 'Email' },
  'Email: e-mail medium': { url: `${SHOP}/?utm_source=crm&utm_medium=e-mail`, source: 'crm', medium: 'e-mail', channel: 'Email' },
  'Email: e_mail medium': { url: `${SHOP}/?utm_source=crm&utm_medium=e_mail`, source: 'crm', medium: 'e_mail', channel: 'Email' },
  'Email: email as the source': { url: `${SHOP}/?utm_source=email&utm_medium=winback`, source: 'email', medium: 'winback', channel: 'Email' },
  'Affiliates: affiliate medium': { url: `${SHOP}/?utm_source=awin&utm_medium=affiliate`, source: 'awin', medium: 'affiliate', channel: 'Affiliates' },
  'Audio: audio medium': { url: `${SHOP}/?utm_source=spotify-ads&utm_medium=audio`, source: 'spotify-ads', medium: 'audio', channel: 'Audio' },
  'SMS: sms source': { url: `${SHOP}/?utm_source=sms&utm_medium=text`, source: 'sms', medium: 'text', channel: 'SMS' },
  'SMS: sms medium': { url: `${SHOP}/?utm_source=attentive&utm_medium=sms`, source: 'attentive', medium: 'sms', channel: 'SMS' },
  'Mobile Push Notifications: medium ending in push': { url: `${SHOP}/?utm_source=onesignal&utm_medium=web-push`, source: 'onesignal', medium: 'web-push', channel: 'Mobile Push Notifications' },
  'Mobile Push Notifications: medium with notification': { url: `${SHOP}/?utm_source=app&utm_medium=in-app-notification`, source: 'app', medium: 'in-app-notification', channel: 'Mobile Push Notifications' },
  'Mobile Push Notifications: medium with mobile': { url: `${SHOP}/?utm_source=app&utm_medium=mobile-banner`, source: 'app', medium: 'mobile-banner', channel: 'Mobile Push Notifications' },
  'Mobile Push Notifications: firebase source': { url: `${SHOP}/?utm_source=firebase&utm_medium=inbox`, source: 'firebase', medium: 'inbox', channel: 'Mobile Push Notifications' },
  'Unassigned: nothing matches': { url: `${SHOP}/?utm_source=flyer-2026&utm_medium=misc`, source: 'flyer-2026', medium: 'misc', channel: 'Unassigned' },
  'Unassigned: a source without a medium': { url: `${SHOP}/?utm_source=partner`, source: 'partner', channel: 'Unassigned' },

  // touchtrail's two channels.
  'QR / Print: qr medium': { url: `${SHOP}/?utm_source=poster-berlin&utm_medium=qr&utm_campaign=autumn`, source: 'poster-berlin', medium: 'qr', name: 'autumn', channel: 'QR / Print' },
  'QR / Print: print medium': { url: `${SHOP}/?utm_source=catalogue&utm_medium=print`, source: 'catalogue', medium: 'print', channel: 'QR / Print' },
  'QR / Print: qr-code source': { url: `${SHOP}/?utm_source=qr-code&utm_medium=flyer`, source: 'qr-code', medium: 'flyer', channel: 'QR / Print' },
  'AI Assistant: ChatGPT’s own utm_source': { url: `${SHOP}/p/jeans?utm_source=chatgpt.com`, source: 'chatgpt.com', channel: 'AI Assistant' },
  'AI Assistant: a paid medium is still paid': { url: `${SHOP}/?utm_source=perplexity&utm_medium=cpc`, source: 'perplexity', medium: 'cpc', channel: 'Paid Other' },

  // Click ids: recorded, and implying source / medium where there are no UTMs.
  'gclid alone is google / cpc': { url: `${SHOP}/?gclid=Cj0KCQiA`, source: 'google', medium: 'cpc', channel: 'Paid Search', clickIdType: 'gclid' },
  'gbraid (iOS) is google / cpc': { url: `${SHOP}/?gbraid=0AAAAA`, source: 'google', medium: 'cpc', channel: 'Paid Search', clickIdType: 'gbraid' },
  'wbraid is google / cpc': { url: `${SHOP}/?wbraid=ClcKCQ`, source: 'google', medium: 'cpc', channel: 'Paid Search', clickIdType: 'wbraid' },
  'dclid is google / display': { url: `${SHOP}/?dclid=CJ2`, source: 'google', medium: 'display', channel: 'Display', clickIdType: 'dclid' },
  'msclkid is bing / cpc': { url: `${SHOP}/?msclkid=5f3a`, source: 'bing', medium: 'cpc', channel: 'Paid Search', clickIdType: 'msclkid' },
  'fbclid alone is organic social (Facebook tags every outbound link)': { url: `${SHOP}/?fbclid=IwAR0`, source: 'facebook', medium: 'social', channel: 'Organic Social', clickIdType: 'fbclid' },
  'fbclid with a paid medium is paid social': { url: `${SHOP}/?fbclid=IwAR0&utm_medium=paid`, source: 'facebook', medium: 'paid', channel: 'Paid Social', clickIdType: 'fbclid' },
  'ttclid is tiktok / cpc': { url: `${SHOP}/?ttclid=E.C.P`, source: 'tiktok', medium: 'cpc', channel: 'Paid Social', clickIdType: 'ttclid' },
  'li_fat_id is linkedin / cpc': { url: `${SHOP}/?li_fat_id=8b1c`, source: 'linkedin', medium: 'cpc', channel: 'Paid Social', clickIdType: 'li_fat_id' },
  'twclid is twitter / cpc': { url: `${SHOP}/?twclid=2-7x`, source: 'twitter', medium: 'cpc', channel: 'Paid Social', clickIdType: 'twclid' },
  'epik is pinterest / cpc': { url: `${SHOP}/?epik=dj0y`, source: 'pinterest', medium: 'cpc', channel: 'Paid Social', clickIdType: 'epik' },
  'rdt_cid is reddit / cpc': { url: `${SHOP}/?rdt_cid=1234`, source: 'reddit', medium: 'cpc', channel: 'Paid Social', clickIdType: 'rdt_cid' },
  'ScCid (any case) is snapchat / cpc': { url: `${SHOP}/?ScCid=abc`, source: 'snapchat', medium: 'cpc', channel: 'Paid Social', clickIdType: 'sccid' },
  'yclid is yandex / cpc': { url: `${SHOP}/?yclid=9876`, source: 'yandex', medium: 'cpc', channel: 'Paid Search', clickIdType: 'yclid' },
  'srsltid is a free Google product listing': { url: `${SHOP}/p/jeans?srsltid=AfmBOo`, source: 'google', medium: 'organic', channel: 'Organic Search', clickIdType: 'srsltid' },
  'UTMs win over what a click id implies': {
    url: `${SHOP}/?gclid=Cj0&utm_source=newsletter&utm_medium=email&utm_campaign=vip`,
    source: 'newsletter',
    medium: 'email',
    name: 'vip',
    channel: 'Email',
    clickIdType: 'gclid',
  },
  'a click id fills what the UTMs leave out': { url: `${SHOP}/?utm_campaign=winter-sale&GCLID=Cj0`, source: 'google', medium: 'cpc', name: 'winter-sale', channel: 'Paid Search', clickIdType: 'gclid' },
  'gclid after a google referrer is still paid search': { url: `${SHOP}/?gclid=Cj0`, referrer: 'https://www.google.com/', source: 'google', medium: 'cpc', channel: 'Paid Search', referrerCategory: 'search' },

  // Referrers from the compact table.
  'google.com search': { url: `${SHOP}/`, referrer: 'https://www.google.com/', source: 'google', medium: 'organic', channel: 'Organic Search', referrerCategory: 'search' },
  'google.de search': { url: `${SHOP}/p/1`, referrer: 'https://www.google.de/', source: 'google', medium: 'organic', channel: 'Organic Search' },
  'google.co.uk search': { url: `${SHOP}/`, referrer: 'https://www.google.co.uk/', source: 'google', medium: 'organic', channel: 'Organic Search' },
  'bing search': { url: `${SHOP}/`, referrer: 'https://www.bing.com/search?q=jeans', source: 'bing', medium: 'organic', channel: 'Organic Search' },
  'duckduckgo search': { url: `${SHOP}/`, referrer: 'https://duckduckgo.com/', source: 'duckduckgo', medium: 'organic', channel: 'Organic Search' },
  'yahoo search': { url: `${SHOP}/`, referrer: 'https://de.search.yahoo.com/', source: 'yahoo', medium: 'organic', channel: 'Organic Search' },
  'ecosia search': { url: `${SHOP}/`, referrer: 'https://www.ecosia.org/', source: 'ecosia', medium: 'organic', channel: 'Organic Search' },
  'startpage search': { url: `${SHOP}/`, referrer: 'https://www.startpage.com/', source: 'startpage', medium: 'organic', channel: 'Organic Search' },
  'Hacker News': { url: `${SHOP}/`, referrer: 'https://news.ycombinator.com/', source: 'news.ycombinator.com', medium: 'social', channel: 'Organic Social' },
  'walmart': { url: `${SHOP}/`, referrer: 'https://www.walmart.com/', source: 'walmart.com', medium: 'referral', channel: 'Organic Shopping' },
  'yandex search': { url: `${SHOP}/`, referrer: 'https://yandex.ru/', source: 'yandex', medium: 'organic', channel: 'Organic Search' },
  'facebook link shim': { url: `${SHOP}/`, referrer: 'https://l.facebook.com/', source: 'l.facebook.com', medium: 'social', channel: 'Organic Social', referrerCategory: 'social' },
  'facebook mobile': { url: `${SHOP}/`, referrer: 'https://m.facebook.com/', source: 'm.facebook.com', medium: 'social', channel: 'Organic Social' },
  'instagram link shim': { url: `${SHOP}/`, referrer: 'https://l.instagram.com/', source: 'l.instagram.com', medium: 'social', channel: 'Organic Social' },
  't.co (X)': { url: `${SHOP}/`, referrer: 'https://t.co/', source: 't.co', medium: 'social', channel: 'Organic Social' },
  'x.com': { url: `${SHOP}/`, referrer: 'https://x.com/', source: 'x.com', medium: 'social', channel: 'Organic Social' },
  'linkedin': { url: `${SHOP}/`, referrer: 'https://www.linkedin.com/', source: 'linkedin.com', medium: 'social', channel: 'Organic Social' },
  'lnkd.in': { url: `${SHOP}/`, referrer: 'https://lnkd.in/', source: 'lnkd.in', medium: 'social', channel: 'Organic Social' },
  'pinterest.de': { url: `${SHOP}/`, referrer: 'https://www.pinterest.de/', source: 'pinterest.de', medium: 'social', channel: 'Organic Social' },
  'reddit': { url: `${SHOP}/`, referrer: 'https://www.reddit.com/', source: 'reddit.com', medium: 'social', channel: 'Organic Social' },
  'youtube': { url: `${SHOP}/`, referrer: 'https://www.youtube.com/', source: 'youtube.com', medium: 'referral', channel: 'Organic Video', referrerCategory: 'video' },
  'm.youtube': { url: `${SHOP}/`, referrer: 'https://m.youtube.com/', source: 'm.youtube.com', medium: 'referral', channel: 'Organic Video' },
  'amazon': { url: `${SHOP}/`, referrer: 'https://www.amazon.de/', source: 'amazon.de', medium: 'referral', channel: 'Organic Shopping', referrerCategory: 'shopping' },
  'chatgpt.com': { url: `${SHOP}/`, referrer: 'https://chatgpt.com/', source: 'chatgpt.com', medium: 'referral', channel: 'AI Assistant', referrerCategory: 'ai' },
  'chat.openai.com': { url: `${SHOP}/`, referrer: 'https://chat.openai.com/', source: 'chat.openai.com', medium: 'referral', channel: 'AI Assistant' },
  'perplexity': { url: `${SHOP}/`, referrer: 'https://www.perplexity.ai/', source: 'perplexity.ai', medium: 'referral', channel: 'AI Assistant' },
  'gemini (not google search)': { url: `${SHOP}/`, referrer: 'https://gemini.google.com/', source: 'gemini.google.com', medium: 'referral', channel: 'AI Assistant' },
  'copilot': { url: `${SHOP}/`, referrer: 'https://copilot.microsoft.com/', source: 'copilot.microsoft.com', medium: 'referral', channel: 'AI Assistant' },
  'claude': { url: `${SHOP}/`, referrer: 'https://claude.ai/', source: 'claude.ai', medium: 'referral', channel: 'AI Assistant' },
  'gmail (not google search)': { url: `${SHOP}/`, referrer: 'https://mail.google.com/', source: 'mail.google.com', medium: 'email', channel: 'Email', referrerCategory: 'email' },
  'outlook.com webmail': { url: `${SHOP}/`, referrer: 'https://outlook.live.com/', source: 'outlook.live.com', medium: 'email', channel: 'Email' },
  'yahoo mail (not yahoo search)': { url: `${SHOP}/`, referrer: 'https://mail.yahoo.com/', source: 'mail.yahoo.com', medium: 'email', channel: 'Email' },
  'GMX dereferrer': { url: `${SHOP}/`, referrer: 'https://deref-gmx.net/mail/client/x/dereferrer/', source: 'deref-gmx.net', medium: 'email', channel: 'Email' },
  'an unknown site is a referral': { url: `${SHOP}/`, referrer: 'https://blog.example.org/best-jeans', source: 'blog.example.org', medium: 'referral', channel: 'Referral', referrerCategory: 'referral' },
  'a referrer with a port and www2': { url: `${SHOP}/`, referrer: 'http://www2.partner.example:8080/x', source: 'partner.example', medium: 'referral', channel: 'Referral' },
  'utm_campaign alone takes source and medium from the referrer': {
    url: `${SHOP}/?utm_campaign=launch`,
    referrer: 'https://l.facebook.com/',
    source: 'l.facebook.com',
    medium: 'social',
    name: 'launch',
    channel: 'Organic Social',
  },
  'utm_medium alone takes the source from the referrer (and GA4’s order puts a search source first)': {
    url: `${SHOP}/?utm_medium=email`,
    referrer: 'https://www.google.com/',
    source: 'google',
    medium: 'email',
    channel: 'Organic Search',
  },

  // Internal and direct.
  'the same host is internal, so direct': { url: `${SHOP}/cart`, referrer: `${SHOP}/p/1`, source: '(direct)', medium: '(none)', channel: 'Direct', referrerCategory: 'internal' },
  'a subdomain of the shop is internal': { url: `${SHOP}/`, referrer: 'https://blog.shop.example/post', source: '(direct)', medium: '(none)', channel: 'Direct', referrerCategory: 'internal' },
  'the shop’s parent domain is internal': { url: 'https://de.shop.co.uk/', referrer: 'https://www.shop.co.uk/', source: '(direct)', medium: '(none)', channel: 'Direct', referrerCategory: 'internal' },
  'another shop under co.uk is not internal': { url: 'https://de.shop.co.uk/', referrer: 'https://www.other.co.uk/', source: 'other.co.uk', medium: 'referral', channel: 'Referral' },
  'a garbage referrer is direct': { url: `${SHOP}/`, referrer: 'not a url', source: '(direct)', medium: '(none)', channel: 'Direct', referrerCategory: 'direct' },
  'an about: referrer is direct': { url: `${SHOP}/`, referrer: 'about:blank', source: '(direct)', medium: '(none)', channel: 'Direct' },
  'utm on an internal link still counts (as in GA4)': { url: `${SHOP}/sale?utm_source=homepage&utm_medium=banner`, referrer: `${SHOP}/`, source: 'homepage', medium: 'banner', channel: 'Display', referrerCategory: 'internal' },

  // Android apps.
  'android-app: the Gmail app': { url: `${SHOP}/`, referrer: 'android-app://com.google.android.gm/', source: 'com.google.android.gm', medium: 'email', channel: 'Email', referrerCategory: 'email' },
  'android-app: the Google app': { url: `${SHOP}/`, referrer: 'android-app://com.google.android.googlequicksearchbox/https/www.google.com', source: 'com.google.android.googlequicksearchbox', medium: 'organic', channel: 'Organic Search', referrerCategory: 'search' },
  'android-app: YouTube': { url: `${SHOP}/`, referrer: 'android-app://com.google.android.youtube/', source: 'com.google.android.youtube', medium: 'referral', channel: 'Organic Video' },
  'android-app: LinkedIn': { url: `${SHOP}/`, referrer: 'android-app://com.linkedin.android/', source: 'com.linkedin.android', medium: 'social', channel: 'Organic Social' },
  'android-app: Facebook': { url: `${SHOP}/`, referrer: 'android-app://com.facebook.katana/', source: 'com.facebook.katana', medium: 'social', channel: 'Organic Social' },
  'android-app: Outlook': { url: `${SHOP}/`, referrer: 'android-app://com.microsoft.office.outlook/', source: 'com.microsoft.office.outlook', medium: 'email', channel: 'Email' },
  'android-app: an unknown app is a referral': { url: `${SHOP}/`, referrer: 'android-app://com.example.reader/', source: 'com.example.reader', medium: 'referral', channel: 'Referral', referrerCategory: 'referral' },

  // Parameter edge cases.
  'mixed-case keys; values keep their case, channels ignore it': { url: `${SHOP}/?UTM_Source=Google&Utm_Medium=CPC&utm_CAMPAIGN=Brand`, source: 'Google', medium: 'CPC', name: 'Brand', channel: 'Paid Search' },
  'mixed case: Facebook / Paid_Social': { url: `${SHOP}/?utm_source=Facebook&utm_medium=Paid_Social`, source: 'Facebook', medium: 'Paid_Social', channel: 'Paid Social' },
  'values are trimmed': { url: `${SHOP}/?utm_source=%20newsletter%20&utm_medium=+email+`, source: 'newsletter', medium: 'email', channel: 'Email' },
  'empty values are ignored': { url: `${SHOP}/?utm_source=&utm_medium=&utm_campaign=`, source: '(direct)', medium: '(none)', channel: 'Direct' },
  'an empty utm_source falls back to the referrer': { url: `${SHOP}/?utm_source=&utm_campaign=spring`, referrer: 'https://www.bing.com/', source: 'bing', medium: 'organic', name: 'spring', channel: 'Organic Search' },
  'percent-encoded values are decoded': { url: `${SHOP}/?utm_source=news%20letter&utm_medium=email&utm_campaign=Gr%C3%BC%C3%9Fe%20%26%20Rabatt`, source: 'news letter', medium: 'email', name: 'Grüße & Rabatt', channel: 'Email' },
  'plus signs are spaces': { url: `${SHOP}/?utm_source=spring+mailing&utm_medium=email&utm_campaign=big+sale`, source: 'spring mailing', medium: 'email', name: 'big sale', channel: 'Email' },
  'a malformed escape is kept as written': { url: `${SHOP}/?utm_source=news%ZZ&utm_medium=email`, source: 'news%ZZ', medium: 'email', channel: 'Email' },
  'utm_ on the hash': { url: `${SHOP}/#utm_source=newsletter&utm_medium=email&utm_campaign=hash`, source: 'newsletter', medium: 'email', name: 'hash', channel: 'Email' },
  'utm_ in a hash route': { url: `${SHOP}/#/products/jeans?utm_source=facebook&utm_medium=cpc`, source: 'facebook', medium: 'cpc', channel: 'Paid Social' },
  'the query wins over the hash': { url: `${SHOP}/?utm_source=google&utm_medium=cpc#utm_source=bing&utm_medium=organic`, source: 'google', medium: 'cpc', channel: 'Paid Search' },
  'the first of repeated parameters wins': { url: `${SHOP}/?utm_source=first&utm_source=second&utm_medium=email`, source: 'first', medium: 'email', channel: 'Email' },
  'other parameters are left alone': { url: `${SHOP}/p?id=7&color=blue&utm_source=newsletter&utm_medium=email`, source: 'newsletter', medium: 'email', channel: 'Email' },
  'a very long value is cut to 500 characters': { url: `${SHOP}/?utm_source=${'x'.repeat(600)}&utm_medium=email`, source: 'x'.repeat(500), medium: 'email', channel: 'Email' },

  // Checkout returns: never a new campaign.
  'PayPal return keeps the ad campaign': {
    after: [`${SHOP}/?utm_source=google&utm_medium=cpc&utm_campaign=brand`, 'https://www.google.com/'],
    url: `${SHOP}/checkout/return?token=EC-1`,
    referrer: 'https://www.paypal.com/checkoutnow?token=EC-1',
    source: 'google',
    medium: 'cpc',
    name: 'brand',
    channel: 'Paid Search',
  },
  'PayPal sandbox return keeps the email campaign': {
    after: [`${SHOP}/?utm_source=newsletter&utm_medium=email&utm_campaign=vip`, ''],
    url: `${SHOP}/checkout/return`,
    referrer: 'https://www.sandbox.paypal.com/',
    source: 'newsletter',
    medium: 'email',
    name: 'vip',
    channel: 'Email',
  },
  'Klarna return keeps the social campaign': {
    after: [`${SHOP}/`, 'https://l.instagram.com/'],
    url: `${SHOP}/checkout/klarna?order=9`,
    referrer: 'https://js.klarna.com/hpp/',
    source: 'l.instagram.com',
    medium: 'social',
    channel: 'Organic Social',
  },
  'Stripe Checkout return keeps the campaign': {
    after: [`${SHOP}/?gclid=Cj0`, ''],
    url: `${SHOP}/thanks?session_id=cs_1`,
    referrer: 'https://checkout.stripe.com/c/pay/cs_1',
    source: 'google',
    medium: 'cpc',
    channel: 'Paid Search',
    clickIdType: 'gclid',
  },
  '3-D Secure via Stripe keeps the campaign': {
    after: [`${SHOP}/?utm_source=facebook&utm_medium=paid_social`, ''],
    url: `${SHOP}/checkout/3ds-complete`,
    referrer: 'https://hooks.stripe.com/3d_secure_2/hosted',
    source: 'facebook',
    medium: 'paid_social',
    channel: 'Paid Social',
  },
  '3-D Secure on a bank’s ACS page keeps the campaign': {
    after: [`${SHOP}/`, 'https://www.bing.com/'],
    url: `${SHOP}/checkout/3ds-complete`,
    referrer: 'https://acs.sparkasse-3ds.example/challenge',
    source: 'bing',
    medium: 'organic',
    channel: 'Organic Search',
  },
  '3-D Secure at Adyen keeps the campaign': {
    after: [`${SHOP}/?utm_source=newsletter&utm_medium=email`, ''],
    url: `${SHOP}/checkout/done`,
    referrer: 'https://3ds.adyen.com/challenge',
    source: 'newsletter',
    medium: 'email',
    channel: 'Email',
  },
  'a return URL carrying UTMs from PayPal is still no new campaign': {
    after: [`${SHOP}/?utm_source=google&utm_medium=cpc`, ''],
    url: `${SHOP}/checkout/return?utm_source=paypal&utm_medium=referral`,
    referrer: 'https://www.paypal.com/',
    source: 'google',
    medium: 'cpc',
    channel: 'Paid Search',
  },
  'a checkout return with nothing before it is direct': { url: `${SHOP}/checkout/return`, referrer: 'https://www.paypal.com/', source: '(direct)', medium: '(none)', channel: 'Direct', referrerCategory: 'internal' },

  // Returns within the session.
  'a direct return keeps the session’s campaign': {
    after: [`${SHOP}/?utm_source=newsletter&utm_medium=email&utm_campaign=spring`, ''],
    url: `${SHOP}/`,
    source: 'newsletter',
    medium: 'email',
    name: 'spring',
    channel: 'Email',
  },
  'an internal page keeps the session’s referral': { after: [`${SHOP}/`, 'https://blog.example.org/'], url: `${SHOP}/p/2`, referrer: `${SHOP}/`, source: 'blog.example.org', medium: 'referral', channel: 'Referral' },
}

describe('landings: what the page view carries (table of landing URL and referrer)', () => {
  let shop: TestShop
  afterEach(() => shop?.close())

  it('has over 100 cases', () => {
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(100)
  })

  for (const [title, c] of Object.entries(CASES))
    it(title, async () => {
      shop = testShop()
      if (c.after) {
        await shop.visit(...c.after)
        shop.advance(60_000)
      }
      const { context } = await shop.visit(c.url, c.referrer)
      expect(context.campaign).toEqual(Object.fromEntries(Object.entries({ source: c.source, medium: c.medium, name: c.name }).filter(([, v]) => v !== undefined)))
      expect(context.touchpoint!.channel).toBe(c.channel)
      if (c.clickIdType) expect(context.touchpoint!.clickIdType).toBe(c.clickIdType)
      if (c.referrerCategory) expect(context.touchpoint!.referrerCategory).toBe(c.referrerCategory)
      // A landing after another in the same session never starts a new session here.
      if (c.after) expect(context.sessionId).toBe(shop.events[0].context.sessionId)
    })
})

/**
 * Referrers the browser's compact table leaves to the collector (it once knew them): the page view says
 * Referral and keeps the referrer in `context.page`, and the collector's report re-classifies the touch
 * with the full lists. Each row: referrer, then what the report must say (source, medium, channel).
 */
const LEFT_TO_THE_COLLECTOR: Record<string, [referrer: string, source: string, medium: string, channel: string]> = {
  'Naver search': ['https://search.naver.com/search.naver?query=jeans', 'naver', 'organic', 'Organic Search'],
  'Seznam search': ['https://search.seznam.cz/?q=jeans', 'seznam', 'organic', 'Organic Search'],
  'Qwant search': ['https://www.qwant.com/?q=jeans', 'qwant', 'organic', 'Organic Search'],
  'Ask search': ['https://www.ask.com/web?q=jeans', 'ask', 'organic', 'Organic Search'],
  'AOL search': ['https://search.aol.com/aol/search?q=jeans', 'aol', 'organic', 'Organic Search'],
  'Brave search': ['https://search.brave.com/search?q=jeans', 'brave', 'organic', 'Organic Search'],
  'Tumblr': ['https://www.tumblr.com/dashboard', 'tumblr.com', 'social', 'Organic Social'],
  'Bluesky': ['https://bsky.app/profile/shop.example', 'bsky.app', 'social', 'Organic Social'],
  'Discord': ['https://discord.com/channels/1/2', 'discord.com', 'social', 'Organic Social'],
  'Etsy': ['https://www.etsy.com/listing/1', 'etsy.com', 'referral', 'Organic Shopping'],
  'idealo': ['https://www.idealo.de/preisvergleich/1.html', 'idealo.de', 'referral', 'Organic Shopping'],
}

describe('landings the compact table leaves to the collector', () => {
  let shop: TestShop
  afterEach(() => shop?.close())

  /** The report's view of an event as it went over the wire. */
  const wire = (ev: TrackerEvent) => {
    const { context } = JSON.parse(JSON.stringify(ev)) as TrackerEvent
    return { id: ev.messageId, type: ev.type, name: ev.type, at: 0, url: context.page.url, referrer: context.page.referrer, campaign: context.campaign!, touchpoint: context.touchpoint!, properties: {} }
  }

  for (const [title, [referrer, source, medium, channel]] of Object.entries(LEFT_TO_THE_COLLECTOR))
    it(`${title}: a referral in the browser, ${channel} in the report`, async () => {
      shop = testShop()
      const ev = await shop.visit(`${SHOP}/`, referrer)
      expect(ev.context.touchpoint).toMatchObject({ channel: 'Referral', referrerCategory: 'referral' })
      expect(touchOf(wire(ev))).toEqual({ channel, source, medium, campaign: '(not set)' })
    })

  it('leaves what the browser knew as the browser said', async () => {
    shop = testShop()
    const ev = await shop.visit(`${SHOP}/`, 'https://www.google.de/')
    expect(touchOf(wire(ev))).toEqual({ channel: 'Organic Search', source: 'google', medium: 'organic', campaign: '(not set)' })
  })
})
