// PageAssets.swift: the page and the OpenAPI document, embedded in the binary at build time
// from Page/ (SwiftPM's embedInCode), so the server needs no files beside it and works offline.
enum PageAssets {
  static let indexHTML = String(decoding: PackageResources.index_html, as: UTF8.self)
}

enum OpenAPIDocument {
  static let json = String(decoding: PackageResources.openapi_json, as: UTF8.self)
}
