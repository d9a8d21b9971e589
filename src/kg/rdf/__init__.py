"""RDF as kg writes it: terms as N-Triples text, and the formats written from it."""
