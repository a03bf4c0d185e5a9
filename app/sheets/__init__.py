"""Score sheets (评分表): the signed PDF an expert's scores leave the laptop as."""
