using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.Upstream;

/// <summary>
/// Who may charge while the backend does not answer: the authorization cache (OCPP 1.6 §3.5, filled from every
/// idTagInfo the backend sends, expiring at its expiryDate or after the configured hours), then the site's own
/// users, then the configured policy for unknown idTags. While the backend answers, its idTagInfo is authoritative.
/// </summary>
public sealed class UpstreamAuthorization(AuthorizationCacheRepository cache, UserRepository users, UpstreamOptions options, TimeProvider time)
{
    /// <summary>Stores the backend's verdict from a payload <c>{ idTag, idTagInfo }</c>.</summary>
    public async Task RememberAsync(JObject verdict)
    {
        var idTag = verdict.Value<string>("idTag");
        if (idTag is null || verdict["idTagInfo"] is not JObject info)
        {
            return;
        }
        await RememberAsync(idTag, OcppJson.FromPayload<IdTagInfo>(info), CancellationToken.None);
    }

    public Task RememberAsync(string idTag, IdTagInfo info, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expires = info.ExpiryDate ?? now.AddHours(options.AuthorizationCacheHours);
        return cache.PutAsync(new CachedAuthorization(idTag, info.Status.ToString(),
            info.ParentIdTag, expires, now), ct);
    }

    /// <summary>The edge's own verdict, for when the backend is silent.</summary>
    public async Task<IdTagInfo> OfflineAsync(string idTag, CancellationToken ct)
    {
        var cached = await cache.GetAsync(idTag, ct);
        var now = time.GetUtcNow();
        if (cached is not null && (cached.ExpiresAt is null || cached.ExpiresAt > now))
        {
            return new IdTagInfo
            {
                Status = Enum.Parse<AuthorizationStatus>(cached.Status),
                ExpiryDate = cached.ExpiresAt,
                ParentIdTag = cached.ParentIdTag,
            };
        }
        if (await users.GetByIdTagAsync(idTag, ct) is not null)
        {
            return new IdTagInfo { Status = AuthorizationStatus.Accepted };
        }
        return new IdTagInfo { Status = options.UnknownIdTagsOffline == "Accept" ? AuthorizationStatus.Accepted : AuthorizationStatus.Invalid };
    }
}
