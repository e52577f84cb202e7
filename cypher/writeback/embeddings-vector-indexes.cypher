// The vector indexes that exist, with their label, property and dimension, so that write-back
// can tell whether an index must be (re)created for the dimension of a new model.
SHOW VECTOR INDEXES YIELD name, labelsOrTypes, properties, options
RETURN name, labelsOrTypes[0] AS label, properties[0] AS property,
       options.indexConfig['vector.dimensions'] AS dimension
