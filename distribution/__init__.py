"""Distribution to partners (issue 18): webhook deliveries, guarded against SSRF (ssrf.py)."""
