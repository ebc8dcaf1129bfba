using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentConsole.Infrastructure.Audit;
using AgentConsole.Infrastructure.Storage;
using Dapper;
using B64 = System.Buffers.Text.Base64Url;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace AgentConsole.Features.Decisions;

/// <summary>
/// The console's receipt-signing keys (ES256). The newest unretired key signs; retired keys stay published for a
/// while so receipts signed before a rotation still verify offline. Private keys are stored encrypted.
/// </summary>
public sealed class SigningKeys(Database database, AuditChain audit, IDataProtectionProvider protection,
    IOptions<DecisionOptions> options, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan ReloadEvery = TimeSpan.FromMinutes(1);
    private readonly IDataProtector _protector = protection.CreateProtector("AgentConsole.SigningKeys.v1");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile KeySet? _current;

    /// <summary>The key that signs now, loading (or on first use creating) the key set.</summary>
    public async ValueTask<ActiveKey> ActiveAsync(CancellationToken cancellationToken = default) =>
        (await CurrentAsync(cancellationToken)).Active;

    /// <summary>The public keys a verifier needs: the active one and those retired recently enough.</summary>
    public async Task<IReadOnlyList<JsonElement>> PublishedAsync(CancellationToken cancellationToken = default)
    {
        var set = await CurrentAsync(cancellationToken);
        var since = time.GetUtcNow() - options.Value.RetiredKeyPublication;
        return set.Rows.Where(r => r.RetiredAt is null || r.RetiredAt > since)
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => JsonDocument.Parse(r.PublicJwk).RootElement.Clone())
            .ToList();
    }

    /// <summary>Makes a new signing key and retires the others (they stay published for verification).</summary>
    public async Task<string> RotateAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var row = NewKey(time.GetUtcNow());
        await database.InTransactionAsync(async unit =>
        {
            await unit.Connection.ExecuteAsync(SqlText.For<SigningKeys>("InsertSigningKey", database.Dialect), row, unit.Transaction);
            var retired = await unit.Connection.ExecuteAsync(SqlText.For<SigningKeys>("RetireSigningKeys", database.Dialect),
                new { Now = row.CreatedAt, Keep = row.Kid }, unit.Transaction);
            await audit.AppendAsync(unit, new AuditEntry(actor, "signing_key.rotated", new Subject("signing_key", row.Kid),
                new { kid = row.Kid, algorithm = row.Algorithm, retired }), cancellationToken);
            return true;
        }, cancellationToken);
        _current = null;
        return row.Kid;
    }

    private async ValueTask<KeySet> CurrentAsync(CancellationToken cancellationToken)
    {
        var set = _current;
        if (set is not null && set.LoadedAt + ReloadEvery > time.GetUtcNow())
        {
            return set;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            set = _current;
            if (set is not null && set.LoadedAt + ReloadEvery > time.GetUtcNow())
            {
                return set;
            }

            var rows = (await database.QueryAsync<SigningKeyRow>(SqlText.For<SigningKeys>("SigningKeys", database.Dialect), cancellationToken: cancellationToken)).ToList();
            if (!rows.Any(r => r.RetiredAt is null))
            {
                await RotateAsync(Actor.System, cancellationToken);
                rows = (await database.QueryAsync<SigningKeyRow>(SqlText.For<SigningKeys>("SigningKeys", database.Dialect), cancellationToken: cancellationToken)).ToList();
            }

            var newest = rows.Where(r => r.RetiredAt is null).MaxBy(r => r.CreatedAt)!;
            var active = _current?.Active is { } known && known.Kid == newest.Kid ? known : Load(newest);
            _current = set = new KeySet(rows, active, time.GetUtcNow());
            return set;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ActiveKey Load(SigningKeyRow row)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(_protector.Unprotect(Convert.FromBase64String(row.PrivateKey)), out _);
        return new ActiveKey(row.Kid, ecdsa);
    }

    private SigningKeyRow NewKey(DateTimeOffset now)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ecdsa.ExportParameters(false);
        var x = B64.EncodeToString(p.Q.X!);
        var y = B64.EncodeToString(p.Q.Y!);
        // RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order.
        var kid = B64.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}")));
        var jwk = JsonSerializer.Serialize(new { kty = "EC", crv = "P-256", x, y, kid, use = "sig", alg = "ES256" });
        return new SigningKeyRow
        {
            Kid = kid,
            Algorithm = "ES256",
            PublicJwk = jwk,
            PrivateKey = Convert.ToBase64String(_protector.Protect(ecdsa.ExportPkcs8PrivateKey())),
            CreatedAt = now,
        };
    }

    public void Dispose() => _gate.Dispose();

    private sealed record KeySet(IReadOnlyList<SigningKeyRow> Rows, ActiveKey Active, DateTimeOffset LoadedAt);
}

public sealed class SigningKeyRow
{
    public required string Kid { get; init; }

    public required string Algorithm { get; init; }

    public required string PublicJwk { get; init; }

    /// <summary>PKCS#8, encrypted with the data-protection key ring, base64.</summary>
    public required string PrivateKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; init; }
}

/// <summary>The signing key in use. ECDsa is used from many threads, so each thread signs with its own copy.</summary>
public sealed class ActiveKey(string kid, ECDsa key) : IDisposable
{
    private readonly ThreadLocal<ECDsa> _perThread = new(() =>
    {
        var copy = ECDsa.Create();
        copy.ImportParameters(key.ExportParameters(true));
        return copy;
    });

    public string Kid => kid;

    /// <summary>The receipts' protected header for this key, base64url-encoded (the same for every receipt it signs).</summary>
    public byte[] ReceiptHeader { get; } = Encoding.ASCII.GetBytes(
        B64.EncodeToString(Encoding.UTF8.GetBytes($"{{\"alg\":\"ES256\",\"kid\":\"{kid}\",\"typ\":\"JWT\"}}")));

    /// <summary>Signs <paramref name="data"/> (ES256) into <paramref name="signature"/>, 64 bytes.</summary>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        if (!_perThread.Value!.TrySignData(data, signature, HashAlgorithmName.SHA256, out var written) || written != signature.Length)
        {
            throw new CryptographicException($"An ES256 signature is {signature.Length} bytes; the key gave {written}.");
        }
    }

    public void Dispose()
    {
        _perThread.Dispose();
        key.Dispose();
    }
}
