"""Actor resolution: knowledge base and resolvers chosen by registry name (``dictionary.v1``)."""
