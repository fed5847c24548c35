"""The product rules: pure Python, shared by the backend and the client.

Imports no Qt, no HTTP client and no web framework (a test checks it).
"""
