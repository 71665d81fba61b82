/**
 * The dashboard page's own script, served as `/dashboard/assets/dashboard.js` after Chart.js and its Sankey plugin.
 * It draws the charts the server described (see `dashboardCharts`): the configurations are JSON in the page, and
 * this adds what JSON cannot carry, the number formats of ticks and tooltips and the colours of the Sankey's nodes.
 * Kept as text, not bundled: it is a few lines, runs in the browser only, and needs no build step.
 */
export const CLIENT_SCRIPT = `'use strict'
;(function () {
  var data = JSON.parse(document.getElementById('dashboard-data').textContent)
  var money = new Intl.NumberFormat(data.locale, { style: 'currency', currency: data.currency })
  var count = new Intl.NumberFormat(data.locale, { maximumFractionDigits: 2 })
  var formats = {
    money: function (v) { return money.format(v) },
    count: function (v) { return count.format(v) },
    ms: function (v) { return count.format(Math.round(v)) + ' ms' },
  }
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily
  Chart.defaults.color = '#475569'
  Chart.defaults.maintainAspectRatio = false
  window.touchtrailCharts = {}

  data.charts.forEach(function (spec) {
    var canvas = document.getElementById('chart-' + spec.id)
    if (!canvas) return
    var config = spec.config
    var options = config.options
    var unitOf = function (axis) { return formats[spec.units[axis] || spec.units['*'] || 'count'] }
    Object.keys(options.scales || {}).forEach(function (axis) {
      var format = spec.units[axis] && formats[spec.units[axis]]
      if (format) {
        var ticks = (options.scales[axis].ticks = options.scales[axis].ticks || {})
        ticks.callback = function (v) { return format(v) }
      }
    })
    options.plugins = options.plugins || {}
    options.plugins.tooltip = {
      callbacks: {
        label: function (item) {
          if (spec.type === 'sankey') {
            var labels = item.dataset.labels
            return labels[item.raw.from] + ' → ' + (labels[item.raw.to] || item.raw.to) + ': ' + count.format(item.raw.flow)
          }
          if (spec.type === 'doughnut') return item.label + ': ' + unitOf('*')(item.parsed)
          var horizontal = options.indexAxis === 'y'
          var axis = horizontal ? 'x' : item.dataset.yAxisID || 'y'
          return item.dataset.label + ': ' + unitOf(axis)(horizontal ? item.parsed.x : item.parsed.y)
        },
      },
    }
    if (spec.type === 'sankey') {
      var colour = function (key) { return spec.nodeColours[key] || '#94a3b8' }
      config.data.datasets.forEach(function (ds) {
        ds.colorFrom = function (c) { return colour(c.dataset.data[c.dataIndex].from) }
        ds.colorTo = function (c) { return colour(c.dataset.data[c.dataIndex].to) }
      })
    }
    window.touchtrailCharts[spec.id] = new Chart(canvas, config)
  })
})()
`
