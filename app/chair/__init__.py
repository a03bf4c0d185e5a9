"""The committee chair's review (主任委员审核): group reports in, the signed shortlist out."""
