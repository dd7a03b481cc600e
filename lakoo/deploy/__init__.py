"""Production deployment: Kubernetes manifests rendered from the topology (``deploy/k8s``).

``lakoo deploy render`` writes them; a unit test checks the committed files against the topology
and against what the renderer makes now, so a service, port, topic or secret added to the code
cannot be forgotten in the manifests.
"""
