using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// Which session may meet a driver's request. A request names a connector, not a car: the session that runs
/// there counts as the requester's only if it was started with one of their idTags or with an idTag of no user
/// (a free-vend or site card, which the app claims). A session started with another user's idTag is that
/// user's: binding it to the request would show them its energy and receipt and settle it to the wrong wallet.
/// </summary>
public static class SessionOwnership
{
    public static async Task<bool> MayMeetAsync(UserRepository users, long requesterId, string sessionIdTag, CancellationToken ct) =>
        await users.GetByIdTagAsync(sessionIdTag, ct) is not { } owner || owner.Id == requesterId;
}
