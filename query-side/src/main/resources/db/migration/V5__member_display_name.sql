-- A member's display name beside their e-mail, in both read-model generations. Both are opened from the sealed
-- personal data of MemberAdded with the person's key; once the person is erased (or for a member recorded before
-- personal data was sealed) both hold the placeholder '[erased]'.
DO $$
DECLARE
    s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['read_blue', 'read_green'] LOOP
        EXECUTE format('ALTER TABLE %I.tenant_member ADD COLUMN display_name VARCHAR(200)', s);
    END LOOP;
END
$$;
