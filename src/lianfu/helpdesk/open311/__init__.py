"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/.

Services are the helpdesk categories; a service request is a Ticket, created
through the helpdesk domain like every other ticket. Responses are XML or JSON
by the resource's extension (render.py), errors in the spec's <errors> form.
"""
