// PostHog JS: autocapture, session recording, surveys, flags/remote config and external scripts off.
import posthog from 'posthog-js'

const { origin } = window.BENCH
posthog.init('phc_bench', {
  api_host: origin,
  autocapture: false,
  capture_pageview: true,
  capture_pageleave: false,
  disable_session_recording: true,
  advanced_disable_flags: true,
  disable_surveys: true,
  disable_product_tours: true,
  disable_conversations: true,
  disable_web_experiments: true,
  disable_external_dependency_loading: true,
  capture_performance: false,
  capture_heatmaps: false,
  capture_dead_clicks: false,
  capture_exceptions: false,
})
window.benchTrack = (name, props) => posthog.capture(name, props)
