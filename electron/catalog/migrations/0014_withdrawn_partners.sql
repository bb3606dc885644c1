-- A photo's "near-duplicates" flag counts only partners still in the catalogue, so withdrawing or
-- reinstating a photo changes its partners' facet facts too: queue them with it.
CREATE TRIGGER search_withdrawn_partners AFTER UPDATE OF withdrawn_at ON photos BEGIN
  INSERT INTO search_dirty (photo_id)
    SELECT p FROM (SELECT b AS p FROM similar_pairs WHERE a = new.id UNION SELECT a FROM similar_pairs WHERE b = new.id)
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE photo_id = p);
END;
