"""Place names: the gazetteer every parser looks places up in, and its GeoNames builder."""
