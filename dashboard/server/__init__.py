"""Serving the app to many viewers: accounts, hardening, compression, proxies, shared cache.

:mod:`dashboard.server.install` puts them on an app. This package's own module imports
nothing, so that the command line's ``users`` commands reach the accounts
(:mod:`dashboard.server.accounts`) without loading Dash and Flask.
"""
