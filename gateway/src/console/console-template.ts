/**
 * The console page, a mustache template (escaped by default: `{{…}}`). It lives in a module,
 * not a file beside it, so the compiled gateway needs no copy step. No script: forms and links.
 */
export const CONSOLE_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{{#refresh}}<meta http-equiv="refresh" content="{{refresh}}">{{/refresh}}
<title>helga webhooks console</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1rem 2rem; color: #222; }
h1 { font-size: 1.3rem; margin: 0 0 .2rem; } h2 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; } code { font-size: 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .8rem; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .5rem .8rem; }
.card b { font-size: 1.3rem; display: block; }
.ok { color: #17692b; } .bad { color: #b3261e; } .muted { color: #777; }
.status { border-radius: 4px; padding: 0 .35rem; font-size: 12px; border: 1px solid; }
.status-sent { color: #17692b; } .status-queued { color: #1a56a8; } .status-failed { color: #a86b00; }
.status-dead, .status-discarded { color: #b3261e; } .status-replayed { color: #6b3fa0; }
.notice { background: #eef6ee; border: 1px solid #9c9; padding: .4rem .8rem; border-radius: 6px; }
.error { background: #fbeeee; border-color: #d99; }
form.inline { display: inline; } button { cursor: pointer; }
svg rect.sent { fill: #3b8a4f; } svg rect.failed { fill: #c0392b; } svg rect.frame { fill: #f6f6f6; stroke: #ddd; }
</style>
</head>
<body>
<h1>helga webhooks console</h1>
<div class="muted">gateway {{gatewayId}} · {{now}} UTC · <a href="/console">reload</a> · <a href="/console?refresh=10">auto-refresh every 10 s</a></div>
{{#notice}}<p class="notice{{#error}} error{{/error}}" role="status">{{text}}</p>{{/notice}}

<div class="grid">
  <section class="card" id="bot">
    <h2>IRC</h2>
    {{#bots}}
    <div class="bot" data-network="{{network}}">network <b><a href="{{link}}">{{network}}</a></b>
    <div class="{{#connected}}ok{{/connected}}{{^connected}}bad{{/connected}} bot-connection">{{#connected}}connected as {{nickname}}{{/connected}}{{^connected}}disconnected{{/connected}}</div>
    {{#problem}}<div class="bad bot-problem">{{problem}}</div>{{/problem}}
    <div class="muted">in {{channels}} · reported {{updatedAgo}}</div></div>
    {{/bots}}
    {{^bots}}<div class="bad bot-connection">no bot has reported yet</div>{{/bots}}
  </section>
  <section class="card" id="webhooks">
    <h2>Webhooks</h2>
    <b class="{{#enabled}}ok{{/enabled}}{{^enabled}}bad{{/enabled}}" id="webhooks-state">{{#enabled}}on{{/enabled}}{{^enabled}}off{{/enabled}}</b>
    <form method="post" action="/console/webhooks" class="inline">
      <input type="hidden" name="csrf" value="{{csrf}}">
      {{#enabled}}<input type="hidden" name="enabled" value="0"><button type="submit">Stop webhooks</button>{{/enabled}}
      {{^enabled}}<input type="hidden" name="enabled" value="1"><button type="submit">Start webhooks</button>{{/enabled}}
    </form>
  </section>
  <section class="card" id="outbox">
    <h2>Outbox ({{network}})</h2>
    <b>{{outbox.depth}}</b> queued · oldest {{outbox.lag}}
    <div>{{outbox.deadLetters}} dead letter(s)</div>
  </section>
  <section class="card" id="gateways-live">
    <h2>Gateways</h2>
    <b>{{gatewayCount}}</b> live
  </section>
</div>

<h2>Deliveries, last hour ({{network}})</h2>
<figure id="chart" style="margin:0">
<svg xmlns="http://www.w3.org/2000/svg" width="{{chart.width}}" height="{{chart.height}}" viewBox="0 0 {{chart.width}} {{chart.height}}" role="img" aria-label="deliveries per minute">
<rect class="frame" x="0" y="0" width="{{chart.width}}" height="{{chart.height}}"/>
{{#chart.bars}}<g><title>{{title}}</title><rect class="sent" x="{{x}}" y="{{sentY}}" width="{{chart.barWidth}}" height="{{sentHeight}}"/><rect class="failed" x="{{x}}" y="{{failedY}}" width="{{chart.barWidth}}" height="{{failedHeight}}"/></g>
{{/chart.bars}}
</svg>
<figcaption class="muted">per minute from 60 min ago (left) to now (right): <span class="ok">{{chart.sent}} sent</span>, <span class="bad">{{chart.failed}} failed or dead-lettered</span>; top of the scale {{chart.peak}}</figcaption>
</figure>

<h2>Delivery trail ({{network}})</h2>
<form method="get" action="/console" id="filters">
  {{#networkField}}<input type="hidden" name="network" value="{{networkField}}">{{/networkField}}
  <input name="webhook" placeholder="webhook" value="{{filter.webhook}}">
  <input name="target" placeholder="target" value="{{filter.target}}">
  <select name="status"><option value="">any status</option>{{#statuses}}<option{{#selected}} selected{{/selected}}>{{name}}</option>{{/statuses}}</select>
  <input name="requestId" placeholder="request id" value="{{filter.requestId}}">
  <button type="submit">Filter</button> <a href="/console">clear</a>
</form>
<table id="deliveries">
<thead><tr><th>accepted</th><th>status</th><th>webhook</th><th>target</th><th>text</th><th>request id</th><th>outcome</th></tr></thead>
<tbody>
{{#deliveries}}<tr data-request-id="{{requestId}}" data-status="{{status}}">
<td>{{accepted}}</td><td><span class="status status-{{status}}">{{status}}</span></td><td>{{webhook}}</td><td>{{target}}</td><td>{{text}}</td><td><code>{{requestId}}</code></td><td>{{outcome}}</td>
</tr>{{/deliveries}}
{{^deliveries}}<tr><td colspan="7" class="muted">no deliveries{{#filtered}} match{{/filtered}}</td></tr>{{/deliveries}}
</tbody>
</table>
{{#nextPage}}<p><a href="{{nextPage}}">older deliveries →</a></p>{{/nextPage}}

<h2>Dead letters ({{network}}: {{outbox.deadLetters}})</h2>
<table id="dead-letters">
<thead><tr><th>failed</th><th>target</th><th>reason</th><th>text</th><th>request id</th><th></th></tr></thead>
<tbody>
{{#deadLetters}}<tr data-id="{{id}}">
<td>{{failed}}</td><td>{{target}}</td><td>{{reason}}</td><td>{{text}}</td><td><code>{{requestId}}</code></td>
<td><form method="post" action="/console/deadletters" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="network" value="{{network}}"><input type="hidden" name="id" value="{{id}}">
<button type="submit" name="action" value="replay"{{^replayable}} disabled{{/replayable}}>Replay</button> <button type="submit" name="action" value="discard">Discard</button></form></td>
</tr>{{/deadLetters}}
{{^deadLetters}}<tr><td colspan="6" class="muted">none</td></tr>{{/deadLetters}}
</tbody>
</table>
{{#deadLetters.length}}
<form method="post" action="/console/deadletters" class="inline" id="dead-letters-all">
<input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="network" value="{{network}}"><input type="hidden" name="id" value="all">
<button type="submit" name="action" value="replay">Replay all</button> <button type="submit" name="action" value="discard">Discard all</button>
</form>
{{/deadLetters.length}}

<h2>Gateways and routes</h2>
<table id="gateways">
<thead><tr><th>gateway</th><th>listening</th><th>routes</th><th>last heartbeat</th></tr></thead>
<tbody>{{#gateways}}<tr><td>{{id}}</td><td>{{#listening}}yes{{/listening}}{{^listening}}no{{/listening}}</td><td>{{routeCount}}</td><td>{{seenAgo}}</td></tr>{{/gateways}}
{{^gateways}}<tr><td colspan="4" class="bad">no live gateway</td></tr>{{/gateways}}</tbody>
</table>
<table id="routes" style="margin-top:.6rem">
<thead><tr><th>methods</th><th>pattern</th><th>webhook or source</th></tr></thead>
<tbody>{{#routes}}<tr><td>{{methods}}</td><td><code>{{pattern}}</code></td><td>{{webhook}}</td></tr>{{/routes}}</tbody>
</table>
</body>
</html>
`;
