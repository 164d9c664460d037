// HTMLStyle.swift: the one style sheet of every HTML report (inlined in the page).

// MARK: - Style

let htmlStyle = """

  body { margin: 0; background: #eef0f3; color: #1d2430; font: 14px/1.45 "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
  main { max-width: 1100px; margin: 0 auto; padding: 24px 30px 36px; background: #fff; }
  h1 { font-size: 24px; margin: 0 0 4px; }
  h2 { font-size: 18px; margin: 30px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #dfe3ea; }
  h3 { font-size: 15px; margin: 16px 0 6px; }
  p { margin: 6px 0; }
  .meta { color: #555; }
  .note { font-size: 12.5px; color: #555; }
  .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0 4px; }
  .card { flex: 1 1 130px; border: 1px solid #dfe3ea; border-radius: 6px; padding: 8px 12px; background: #f8f9fb; }
  .card .k { font-size: 12px; color: #555; }
  .card .v { font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; }
  .card .s { font-size: 12px; color: #666; }
  .wide { overflow-x: auto; }
  table { border-collapse: collapse; margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
  th, td { padding: 4px 9px; border-bottom: 1px solid #e6e9ef; vertical-align: top; }
  table.data thead th { background: #f0f2f5; border-bottom: 2px solid #cfd5de; text-align: right; white-space: nowrap; }
  table.data th.l, table.data td.l { text-align: left; }
  table.data tbody th { font-weight: 600; white-space: nowrap; }
  td.n { text-align: right; white-space: nowrap; }
  table.data td.l:first-child { white-space: nowrap; }
  tr.hl { background: #f4f8fd; }
  #comparison { font-size: 13px; }
  #comparison th, #comparison td { padding: 4px 6px; }
  table#comparison thead th { white-space: normal; vertical-align: bottom; }
  #comparison td:nth-child(2) { min-width: 140px; }
  #comparison td.n { white-space: normal; }
  @media (max-width: 900px) {
    main { padding: 16px 10px 24px; }
    table.data, #comparison { font-size: 11px; }
    table.data th, table.data td, #comparison th, #comparison td { padding: 3px 3px; }
    table.data thead th { white-space: normal; }
    #comparison td:nth-child(2) { min-width: 0; }
  }
  table.kv { width: 100%; }
  table.kv th { text-align: left; font-weight: 600; width: 250px; color: #333; }
  figure { margin: 14px 0 22px; }
  figcaption { font-size: 12.5px; color: #444; margin-top: 4px; }
  svg.chart { display: block; width: 100%; height: auto; }
  svg text { font-size: 12px; fill: #333; }
  svg .tick { font-size: 11px; fill: #555; }
  svg .axis-title { font-size: 12px; fill: #333; }
  svg .label { font-size: 12px; fill: #222; }
  svg .value { font-size: 12px; fill: #222; font-variant-numeric: tabular-nums; }
  svg .sub { font-size: 11.5px; fill: #555; }
  svg .axis { stroke: #666; stroke-width: 1; }
  svg .grid { stroke: #e3e6eb; stroke-width: 1; }
  svg .grid-minor { stroke: #f2f3f6; stroke-width: 1; }
  svg .zero { stroke: #555; stroke-width: 1; }
  svg .curve { stroke-width: 2.2; fill: none; }
  svg .whisker { stroke: #333; stroke-width: 1.4; }
  svg .diamond { fill: #c0392b; }
  svg .ci1 { stroke: #333; stroke-width: 4; }
  svg .ci2 { stroke: #777; stroke-width: 1.4; }
  svg .legend { fill: #fff; stroke: #ccd2db; }
  svg .level { stroke: #8e44ad; stroke-width: 1.2; stroke-dasharray: 2 3; }
  svg .mk { stroke-width: 1.8; stroke-dasharray: 6 4; }
  svg .mk-mean { stroke: #34495e; stroke-dasharray: 2 3; }
  svg .mk-premium { stroke: #1e8449; }
  pre.text-report { font-size: 12px; overflow-x: auto; background: #f8f9fb; padding: 10px; border: 1px solid #dfe3ea; }
  .warning { border-left: 4px solid #c0392b; background: #fdecea; padding: 0.5em 0.8em; }
  svg .mk-worst { stroke: #c0392b; }
  svg .mk-attach { stroke: #8e44ad; }
  svg .mkt { font-size: 12px; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
  svg .mkt-mean { fill: #34495e; }
  svg .mkt-premium { fill: #1e8449; }
  svg .mkt-worst { fill: #c0392b; }
  svg .mkt-attach { fill: #8e44ad; }
  footer { margin-top: 10px; }
  @media print { body { background: #fff; } main { padding: 0; } figure, table { break-inside: avoid; } }

  """
