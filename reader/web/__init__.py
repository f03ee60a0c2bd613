"""Reviews from the web: web addresses given where paths go, fetched, cached and loaded.

`addresses` and `sources` are cheap to import; the network code (`fetch`, `pages`,
`feeds`) is imported only when a URL is actually given.
"""
