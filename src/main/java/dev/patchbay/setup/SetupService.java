package dev.patchbay.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.catalog.Catalog;
import dev.patchbay.catalog.ConfigSchema;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.crypto.DecryptionFailedException;
import dev.patchbay.crypto.Secret;
import dev.patchbay.crypto.SecretSealer;
import dev.patchbay.store.PendingChange;
import dev.patchbay.store.OutboxEvent;
import dev.patchbay.store.SetupChange;
import dev.patchbay.store.SetupRow;
import dev.patchbay.store.SetupStore;
import dev.patchbay.verify.SetupConfig;
import dev.patchbay.verify.VerificationResult;
import dev.patchbay.verify.Verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Reads, sets up, patches, resets and verifies providers. Reads are answered from memory. A change is
 * computed from the state held in memory and stored only if the stored revision is still that state's
 * (one transaction, with its audit event); if another writer got there first, the change is recomputed
 * on the fresh state, or, when the client named a revision with {@code If-Match}, refused. A
 * verification result is stored only on the revision that was checked. Writes of one provider
 * through this instance queue ({@link ProviderWriteLocks}), so only writers on other instances race;
 * each builds on the one before it without waiting for its commit ({@link PendingSetups}), and is
 * answered once its own commit is done.
 * Thread-safe.
 */
public final class SetupService {
    public static final String ACTION_SETUP = "provider.setup";
    public static final String ACTION_UPDATED = "provider.updated";
    public static final String ACTION_RESET = "provider.reset";
    public static final String ACTION_VERIFIED = "provider.verified";
    /** A change loses a race only to another change of the same provider; a few rounds always settle it. */
    private static final int MAX_ATTEMPTS = 10;

    private final Catalog catalog;
    private final SetupStore store;
    private final SecretSealer sealer;
    private final Verifier verifier;
    private final Clock clock;
    private final ObjectMapper json;
    private final ProviderStates states;
    private final ProviderWriteLocks writers;
    private final PendingSetups pending;

    private final ProviderEventData eventData;
    /**
     * The last setup each provider's calls opened, with the row it was opened from: a row in memory is
     * replaced, never changed, when the setup changes (here or on another instance), so the same row
     * means the same setup, and its secrets need not be opened again on every proxied call.
     */
    private final Map<String, OpenedSetup> opened = new ConcurrentHashMap<>();

    public SetupService(Catalog catalog, SetupStore store, SecretSealer sealer, Verifier verifier, Clock clock,
                        ObjectMapper json) {
        this(catalog, store, sealer, verifier, clock, json, ProviderEventData.NONE);
    }

    /** A service whose setup changes each write their webhook event, with the provider as {@code eventData} renders it. */
    public SetupService(Catalog catalog, SetupStore store, SecretSealer sealer, Verifier verifier, Clock clock,
                        ObjectMapper json, ProviderEventData eventData) {
        this.eventData = eventData;
        this.catalog = catalog;
        this.store = store;
        this.sealer = sealer;
        this.verifier = verifier;
        this.clock = clock;
        this.json = json;
        this.states = new ProviderStates(catalog, json);
        this.writers = new ProviderWriteLocks(catalog);
        this.pending = new PendingSetups(states);
        reload();
        checkMasterKeyOpensStoredSecrets();
    }

    /**
     * Refuses to start with a master key that cannot open what is stored (a wrong
     * {@code PATCHBAY_MASTER_KEY}, another data directory's key file): every later change would fail.
     */
    private void checkMasterKeyOpensStoredSecrets() {
        for (ProviderStates.State state : states.all()) {
            SetupRow row = state.row();
            if (row != null && row.isSetUp() && !row.secrets().isEmpty()) {
                Map.Entry<String, byte[]> sample = row.secrets().entrySet().iterator().next();
                try {
                    sealer.open(sample.getValue(), row.slug(), sample.getKey());
                } catch (DecryptionFailedException e) {
                    throw new IllegalStateException("the master key cannot decrypt the stored secrets: "
                            + "PATCHBAY_MASTER_KEY or the key file does not belong to this database");
                }
                return;
            }
        }
    }

    /** Re-reads every setup from the store. */
    public void reload() {
        states.applyAll(store.all());
    }

    /** Follows a change committed by any instance: re-reads the provider unless memory already has it. */
    public void changed(String slug, long revision) {
        ProviderStates.State held = states.find(slug).orElse(null);
        if (held != null && (revision < 0 || held.view().revision() < revision)) {
            refresh(slug);
        }
    }

    /** Re-reads one provider's setup from the store (after a change elsewhere). */
    public void refresh(String slug) {
        store.find(slug).ifPresent(states::apply);
    }

    /**
     * The committed setup of {@code slug} with its secrets opened, for the calls made with it (a token
     * refresh); empty when the provider is not set up. Throws {@link ProviderNotFoundException}.
     */
    public Optional<SetupConfig> setupConfig(String slug) {
        ProviderStates.State current = state(slug);
        if (!current.view().setupComplete()) {
            opened.remove(slug); // no opened secrets kept for a setup that is gone
            return Optional.empty();
        }
        OpenedSetup setup = opened.get(slug);
        if (setup == null || setup.row() != current.row()) {
            setup = new OpenedSetup(current.row(), nonSecret(current.row()),
                    Map.copyOf(openSecrets(slug, current.row())));
            opened.put(slug, setup);
        }
        // A copy of the values: the caller may change its own, never the next caller's.
        return Optional.of(new SetupConfig(setup.values().deepCopy(), setup.secrets()));
    }

    private record OpenedSetup(SetupRow row, ObjectNode values, Map<String, Secret> secrets) {
    }

    public ProviderView get(String slug) {
        return state(slug).view();
    }

    /** Like {@link #get}, but empty for a slug the catalog does not know. */
    public Optional<ProviderView> find(String slug) {
        return states.find(slug).map(ProviderStates.State::view);
    }

    /**
     * A number that grows after every change to a provider's state: bytes rendered from the states keep
     * the number they saw, and are current while it has not moved.
     */
    public long changes() {
        return states.changes();
    }

    public ProviderPage list(ListQuery query) {
        List<ProviderView> page = new ArrayList<>(Math.min(query.limit(), catalog.size()));
        int total = 0;
        boolean more = false;
        for (ProviderDescriptor descriptor : catalog.all()) {
            ProviderView view = get(descriptor.slug());
            if (!query.matches(view)) {
                continue;
            }
            total++;
            if (query.afterSlug() != null && descriptor.slug().compareTo(query.afterSlug()) <= 0) {
                continue;
            }
            if (page.size() < query.limit()) {
                page.add(view);
            } else {
                more = true;
            }
        }
        String next = more ? page.get(page.size() - 1).slug() : null;
        return new ProviderPage(page, total, next);
    }

    /** Replaces the whole setup with {@code body}; a masked secret keeps its stored value. */
    public SetupOutcome setup(String slug, JsonNode body, WriteRequest request) {
        return commit(checkSetup(slug, body, request));
    }

    /**
     * The first half of {@link #setup}: checks {@code body} against the provider's current state, from
     * memory, and throws what a client must hear (404, 412, 422); {@link #commit} writes it.
     */
    public CheckedWrite checkSetup(String slug, JsonNode body, WriteRequest request) {
        return check(slug, request, (current, storedSecrets) -> body);
    }

    /**
     * Checks {@code patch} (RFC 7396) applied to the stored configuration, as {@link #checkSetup} checks
     * a whole setup; 409 when there is none.
     */
    public CheckedWrite checkPatch(String slug, JsonNode patch, WriteRequest request) {
        return check(slug, request, (current, storedSecrets) -> {
            if (!current.view().setupComplete()) {
                throw new SetupMissingException();
            }
            return MergePatch.apply(ConfigCandidate.plaintext(nonSecret(current.row()), storedSecrets), patch);
        });
    }

    /**
     * Writes a checked setup or patch, building on the newest state (checking it again if that moved
     * on), and answers once it is committed; may wait on the store and, with {@code ?verify=true}, on
     * the external service.
     */
    public SetupOutcome commit(CheckedWrite checked) {
        return commit(checked, 0);
    }

    private SetupOutcome commit(CheckedWrite checked, int firstAttempt) {
        Verification verification = new Verification();
        return write(checked.slug, checked.request, firstAttempt, settle -> nextChange(checked.slug, checked.request,
                checked.submission, checked.resolved, verification, settle));
    }

    /**
     * Writes a checked setup or patch as {@link #commit} does, but without waiting, when nothing about
     * it needs to: no verification, no dry run, no {@code If-Match}, the provider's write lock free and
     * a store that commits on a thread of its own. The answer completes once the change is committed.
     * Empty, with nothing submitted, otherwise: the caller then {@link #commit}s it on a thread that may
     * wait. A change that loses a race is written again on {@code waiting}, as {@link #commit} would.
     */
    public Optional<CompletableFuture<SetupOutcome>> commitWithoutWaiting(CheckedWrite checked, Executor waiting) {
        WriteRequest request = checked.request;
        if (request.verify() || request.dryRun() || request.ifMatch() != null || !store.queuesChanges()) {
            return Optional.empty();
        }
        Verification none = new Verification();
        return writers.serializeIfFree(checked.slug, () -> nextChange(checked.slug, request, checked.submission,
                        checked.resolved, none, false))
                .map(step -> committed(step, checked, waiting));
    }

    /** What {@link #write} answers for a submitted {@code step}, once its outcome is known. */
    private CompletableFuture<SetupOutcome> committed(Step step, CheckedWrite checked, Executor waiting) {
        if (step.outcome() != null) {
            return CompletableFuture.completedFuture(step.outcome());
        }
        return step.change().whenDone().thenCompose(row -> row.isPresent()
                ? CompletableFuture.completedFuture(new SetupOutcome(applied(row.get()), step.changed(), true))
                : CompletableFuture.supplyAsync(() -> {
                    lostRace(checked.slug, checked.request);
                    return commit(checked, 1);
                }, waiting));
    }

    /** A setup or patch that passed its check on the state it was sent against, ready for {@link #commit}. */
    public static final class CheckedWrite {
        private final String slug;
        private final WriteRequest request;
        private final Submission submission;
        private final Resolved resolved;

        private CheckedWrite(String slug, WriteRequest request, Submission submission, Resolved resolved) {
            this.slug = slug;
            this.request = request;
            this.submission = submission;
            this.resolved = resolved;
        }
    }

    /** Removes the setup, destroying its secrets; on a provider that is not set up, nothing changes. */
    public SetupOutcome reset(String slug, WriteRequest request) {
        // Settled first: "not set up" is answered without a write, so it must be what is committed.
        return write(slug, request, 0, settle -> {
            ProviderStates.State current = base(slug, request, true);
            if (!current.view().setupComplete()) {
                return Step.done(new SetupOutcome(current.view(), List.of(), false));
            }
            List<String> removed = new ArrayList<>();
            current.view().setup().config().fieldNames().forEachRemaining(removed::add);
            removed.sort(null);
            return submit(current, new SetupChange(slug, current.view().revision(), null, null,
                    audit(ACTION_RESET, request, removed), null), removed);
        });
    }

    /**
     * Checks the stored setup against the external service and stores the result as its last
     * verification, with a {@code provider.verified} audit event, without changing the revision.
     * Throws {@link SetupMissingException} when the provider is not set up, and, when the setup changed
     * while it was being checked, {@link RevisionMismatchException} (with {@code If-Match}) or
     * {@link ConcurrentChangeException}: the result is never attached to a setup it did not check.
     */
    public VerificationResult verify(String slug, WriteRequest request) {
        ProviderStates.State current = checkedState(slug, request);
        if (!current.view().setupComplete()) {
            throw new SetupMissingException();
        }
        SetupConfig config = new SetupConfig(nonSecret(current.row()), openSecrets(slug, current.row()));
        VerificationResult result = verifier.verify(current.view().descriptor(), config);
        Optional<SetupRow> row = store.recordVerification(slug, current.view().revision(),
                VerificationCodec.encode(json, result), audit(ACTION_VERIFIED, request, List.of()));
        if (row.isPresent()) {
            states.apply(row.get());
            return result;
        }
        lostRace(slug, request);
        if (!get(slug).setupComplete()) {
            throw new SetupMissingException();
        }
        throw new ConcurrentChangeException();
    }

    /** Computes the submitted configuration from the current state and its opened secrets. */
    private interface Submission {
        JsonNode compute(ProviderStates.State current, Map<String, Secret> storedSecrets);
    }

    private CheckedWrite check(String slug, WriteRequest request, Submission submission) {
        // An invalid body is refused before queueing behind the provider's other writes: validation
        // needs no lock, and a burst of bad requests must not hold up good ones.
        return new CheckedWrite(slug, request, submission, resolve(slug, checkedState(slug, request), submission));
    }

    /** A submission resolved on one state: that state's opened secrets and the validated candidate. */
    private record Resolved(ProviderStates.State state, Map<String, Secret> storedSecrets, ConfigCandidate candidate) {
    }

    private Resolved resolve(String slug, ProviderStates.State state, Submission submission) {
        Map<String, Secret> storedSecrets = openSecrets(slug, state.row());
        return new Resolved(state, storedSecrets, ConfigCandidate.resolve(submission.compute(state, storedSecrets),
                state.view().descriptor().configSchema(), storedSecrets));
    }

    /**
     * Runs {@code step} under the provider's write lock, then waits for the change it submitted to
     * commit; after a lost race, runs it again on settled state ({@code step} gets true). Attempts
     * before {@code firstAttempt} were made already.
     */
    private SetupOutcome write(String slug, WriteRequest request, int firstAttempt, Function<Boolean, Step> step) {
        for (int attempt = firstAttempt; attempt < MAX_ATTEMPTS; attempt++) {
            boolean settle = attempt > 0;
            Step done = writers.serialize(slug, () -> step.apply(settle));
            if (done.outcome() != null) {
                return done.outcome();
            }
            Optional<SetupRow> row = done.change().await();
            if (row.isPresent()) {
                return new SetupOutcome(applied(row.get()), done.changed(), true);
            }
            lostRace(slug, request);
        }
        throw new ConcurrentChangeException();
    }

    /** Computes the change on the newest state, and submits it; under the provider's write lock. */
    private Step nextChange(String slug, WriteRequest request, Submission submission, Resolved checked,
                            Verification verification, boolean settle) {
        ProviderStates.State current = base(slug, request, settle);
        // On the state the body was checked against, the result is the same: no second validation.
        Resolved resolved = current == checked.state() ? checked : resolve(slug, current, submission);
        ConfigSchema schema = current.view().descriptor().configSchema();
        Map<String, Secret> storedSecrets = resolved.storedSecrets();
        ConfigCandidate candidate = resolved.candidate();
        if (request.verify()) {
            verification.check(current.view().descriptor(), candidate.forVerification(schema));
        }
        if (request.dryRun()) {
            return Step.done(new SetupOutcome(current.view(), List.of(), false));
        }
        boolean wasSetUp = current.view().setupComplete();
        ObjectNode previous = wasSetUp
                ? ConfigCandidate.plaintext(nonSecret(current.row()), storedSecrets) : ConfigCandidate.empty();
        List<String> changed = candidate.changedFrom(previous);
        Map<String, byte[]> sealed = new TreeMap<>();
        candidate.secretFields(schema).forEach((field, secret) -> sealed.put(field, sealer.seal(secret, slug, field)));
        return submit(current, new SetupChange(slug, current.view().revision(),
                candidate.nonSecretFields(schema).toString(), sealed,
                audit(wasSetUp ? ACTION_UPDATED : ACTION_SETUP, request, changed),
                verification.passed()), changed);
    }

    /**
     * The state a change builds on: the newest one this instance submitted, committed or not. A
     * conditional request, a dry run and a retry after a lost race wait for submitted changes to
     * settle first, so that {@code If-Match} is checked against, and a dry run answers, what is
     * committed, never a change that might still fail.
     */
    private ProviderStates.State base(String slug, WriteRequest request, boolean settle) {
        if (settle || request.ifMatch() != null || request.dryRun()) {
            pending.settle(slug);
            return checkedState(slug, request);
        }
        return pending.latest(slug).orElseThrow(ProviderNotFoundException::new);
    }

    private Step submit(ProviderStates.State current, SetupChange change, List<String> changed) {
        SetupRow next = leadsTo(current.row(), change);
        // The event shows the provider as this change leaves it, and commits with it or not at all.
        String data = eventData.render(states.stateOf(next).view());
        SetupChange withEvent = data == null ? change : change.withEvent(new OutboxEvent(UUID.randomUUID().toString(),
                change.audit().action(), change.slug(), change.audit().at(), data));
        PendingChange submitted = store.submit(withEvent);
        pending.submitted(change.slug(), submitted, next);
        return new Step(null, submitted, changed);
    }

    /** The row {@code change} stores when it commits on top of {@code row} (as the store computes it). */
    private static SetupRow leadsTo(SetupRow row, SetupChange change) {
        SetupChange.AuditEntry audit = change.audit();
        Instant configuredAt = change.isReset() ? null
                : row != null && row.configuredAt() != null ? row.configuredAt() : audit.at();
        return new SetupRow(change.slug(), change.expectedRevision() + 1, change.config(), change.secrets(),
                configuredAt, audit.at(), audit.actor(), change.verification());
    }

    /** What a write did under the lock: answered already (a dry run, nothing to reset), or submitted a change. */
    private record Step(SetupOutcome outcome, PendingChange change, List<String> changed) {
        static Step done(SetupOutcome outcome) {
            return new Step(outcome, null, List.of());
        }
    }

    /** A {@code ?verify=true} write's check, which a retry after a lost race repeats only for another configuration. */
    private final class Verification {
        private SetupConfig checked;
        private VerificationResult result;

        void check(ProviderDescriptor descriptor, SetupConfig config) {
            if (!config.equals(checked)) {
                result = verifier.verify(descriptor, config);
                checked = config;
            }
            if (!result.ok()) {
                throw new VerificationFailedException(result);
            }
        }

        /** The passed check as stored with the change, or null when none was asked for. */
        String passed() {
            return result == null ? null : VerificationCodec.encode(json, result);
        }
    }

    /** The current state, after checking the client's {@code If-Match} against it. */
    private ProviderStates.State checkedState(String slug, WriteRequest request) {
        ProviderStates.State current = state(slug);
        Set<Long> listed = request.ifMatch();
        if (listed != null && (listed.size() > 1 || !listed.contains(current.view().revision()))) {
            // Memory may lag a change made by another instance: ask the store before refusing, and before
            // judging a list, since the tag memory matches may be older than the one the store matches.
            refresh(slug);
            current = state(slug);
            if (!listed.contains(current.view().revision())) {
                throw new RevisionMismatchException(current.view().revision());
            }
        }
        return current;
    }

    private void lostRace(String slug, WriteRequest request) {
        refresh(slug);
        if (request.ifMatch() != null) {
            throw new RevisionMismatchException(get(slug).revision());
        }
    }

    private SetupChange.AuditEntry audit(String action, WriteRequest request, List<String> changed) {
        return new SetupChange.AuditEntry(action, request.actor(), request.requestId(), clock.instant(), changed);
    }

    /** Memory takes the committed {@code row} (unless it holds a newer one); the writer is answered with this row's view. */
    private ProviderView applied(SetupRow row) {
        ProviderStates.State held = states.apply(row);
        // A later change may have committed in the same group: each writer hears of its own.
        return held.row() == row ? held.view() : states.stateOf(row).view();
    }

    private ProviderStates.State state(String slug) {
        return states.find(slug).orElseThrow(ProviderNotFoundException::new);
    }

    private Map<String, Secret> openSecrets(String slug, SetupRow row) {
        Map<String, Secret> secrets = new TreeMap<>();
        if (row != null && row.isSetUp()) {
            row.secrets().forEach((field, ciphertext) -> secrets.put(field, sealer.open(ciphertext, slug, field)));
        }
        return secrets;
    }

    private ObjectNode nonSecret(SetupRow row) {
        if (row == null || !row.isSetUp()) {
            return ConfigCandidate.empty();
        }
        try {
            return (ObjectNode) json.readTree(row.config());
        } catch (IOException e) {
            throw new UncheckedIOException("a stored configuration is not valid JSON", e);
        }
    }
}
