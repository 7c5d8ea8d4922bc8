package com.hackops.events.personaldata;

import com.hackops.events.types.TenantId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealing personal data with a person's key: only that key, for that person in that tenant, opens it. */
class PersonKeyTest {

    private static final TenantId TENANT = TenantId.of("7d1c7a8e-3f0a-4c59-9a57-2a0c3c1f5b11");
    private static final TenantId OTHER_TENANT = TenantId.of("16fd2706-8baf-433b-82eb-8c7fada847da");
    private static final String USER = "bob";
    private static final PersonalData BOB = new PersonalData("bob@example.com", "Bob Ünal 🚀");

    private final PersonKey key = PersonKey.generate();

    @Test
    void sealed_data_opens_with_the_same_key_for_the_same_person() {
        SealedPersonalData sealed = key.seal(TENANT, USER, BOB);

        assertThat(sealed.keyId()).isEqualTo(key.id());
        assertThat(key.open(sealed, TENANT, USER)).isEqualTo(BOB);
        assertThat(PersonKey.of(key.id(), key.secret()).open(sealed, TENANT, USER)).as("the stored key").isEqualTo(BOB);
    }

    @Test
    void absent_fields_stay_absent() {
        PersonalData none = new PersonalData(null, null);
        PersonalData empty = new PersonalData("", null);

        assertThat(key.open(key.seal(TENANT, USER, none), TENANT, USER)).isEqualTo(none);
        assertThat(key.open(key.seal(TENANT, USER, empty), TENANT, USER)).isEqualTo(empty);
    }

    @Test
    void neither_the_plaintext_nor_its_base64_stands_in_the_sealed_form_and_each_seal_differs() {
        SealedPersonalData first = key.seal(TENANT, USER, BOB);
        SealedPersonalData second = key.seal(TENANT, USER, BOB);

        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
        String decoded = new String(Base64.getDecoder().decode(first.ciphertext()), StandardCharsets.ISO_8859_1);
        assertThat(first.toString() + decoded).doesNotContain("bob@example", "Bob")
                .doesNotContain(Base64.getEncoder().encodeToString("bob@example.com".getBytes(StandardCharsets.UTF_8)));
        assertThat(BOB.toString()).doesNotContain("bob@example.com", "Bob");
    }

    @Test
    void another_key_does_not_open_it() {
        SealedPersonalData sealed = key.seal(TENANT, USER, BOB);
        PersonKey sameIdOtherBytes = PersonKey.of(key.id(), PersonKey.generate().secret());

        assertThatThrownBy(() -> sameIdOtherBytes.open(sealed, TENANT, USER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not open");
        assertThatThrownBy(() -> PersonKey.generate().open(sealed, TENANT, USER)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_tampered_ciphertext_does_not_open() {
        SealedPersonalData sealed = key.seal(TENANT, USER, BOB);
        byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
        for (int position : new int[] {0, 12, bytes.length / 2, bytes.length - 1}) {
            byte[] tampered = bytes.clone();
            tampered[position] ^= 0x01;
            SealedPersonalData altered = new SealedPersonalData(key.id(), Base64.getEncoder().encodeToString(tampered));
            assertThatThrownBy(() -> key.open(altered, TENANT, USER)).as("bit flipped at %d", position)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        SealedPersonalData truncated = new SealedPersonalData(key.id(), sealed.ciphertext().substring(0, 16));
        assertThatThrownBy(() -> key.open(truncated, TENANT, USER)).isInstanceOf(IllegalArgumentException.class);
        SealedPersonalData garbage = new SealedPersonalData(key.id(), "not base64 at all!");
        assertThatThrownBy(() -> key.open(garbage, TENANT, USER)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sealed_data_is_bound_to_its_person_and_tenant() {
        SealedPersonalData sealed = key.seal(TENANT, USER, BOB);

        assertThatThrownBy(() -> key.open(sealed, TENANT, "mallory")).as("moved to another person")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> key.open(sealed, OTHER_TENANT, USER)).as("moved to another tenant")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_key_has_32_bytes_and_never_prints_them() {
        assertThat(key.secret()).hasSize(32);
        assertThat(key.toString()).isEqualTo("PersonKey[" + key.id() + "]");
        assertThatThrownBy(() -> PersonKey.of(key.id(), new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
