package com.hackops.command.personaldata;

import com.hackops.events.personaldata.PersonalData;
import com.hackops.events.personaldata.SealedPersonalData;
import com.hackops.events.types.TenantId;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@link PersonKeys} in a map, for the aggregate's fixture tests: which people hold a key, created on the first seal,
 * deleted by an erasure, a new one after it; a key made by a command that is then refused is forgotten, as the
 * database transaction would roll it back. It seals <em>deterministically and without encryption</em>, so a test can
 * name the exact event it expects ({@link #sealedFor}); real sealing is {@code PersonKey}'s (PersonKeyTest) and
 * {@code JdbcPersonKeys}' (PersonalDataIT).
 */
public final class InMemoryPersonKeys implements PersonKeys {

    private record Person(TenantId tenantId, String userId) {
    }

    /** The people holding a key, with how many keys of theirs were erased before it. */
    private final Map<Person, Integer> keys = new HashMap<>();
    private final Map<Person, Integer> erasures = new HashMap<>();

    @Override
    public SealedPersonalData seal(TenantId tenantId, String userId, PersonalData data) {
        Person person = new Person(tenantId, userId);
        if (!keys.containsKey(person)) {
            keys.put(person, erasures.getOrDefault(person, 0));
            CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.onRollback(rolledBack -> keys.remove(person)));
        }
        return sealed(person, keys.get(person), data);
    }

    @Override
    public void erase(TenantId tenantId, String userId) {
        Person person = new Person(tenantId, userId);
        if (keys.remove(person) != null) {
            erasures.merge(person, 1, Integer::sum);
        }
    }

    public boolean holdsKeyOf(TenantId tenantId, String userId) {
        return keys.containsKey(new Person(tenantId, userId));
    }

    /** What {@link #seal} gives for a person none of whose keys was ever erased. */
    public static SealedPersonalData sealedFor(TenantId tenantId, String userId, PersonalData data) {
        return sealedFor(tenantId, userId, data, 0);
    }

    /** What {@link #seal} gives for a person after {@code erasures} erasures. */
    public static SealedPersonalData sealedFor(TenantId tenantId, String userId, PersonalData data, int erasures) {
        return sealed(new Person(tenantId, userId), erasures, data);
    }

    private static SealedPersonalData sealed(Person person, int generation, PersonalData data) {
        UUID keyId = UUID.nameUUIDFromBytes((person.tenantId() + "|" + person.userId() + "|" + generation)
                .getBytes(StandardCharsets.UTF_8));
        return new SealedPersonalData(keyId, "in-memory-seal(" + data.email() + "," + data.displayName() + ")");
    }
}
