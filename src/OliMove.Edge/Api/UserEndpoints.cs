using System.Globalization;
using System.Security.Claims;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Users;
using OliMove.Storage;

namespace OliMove.Edge.Api;

/// <summary>
/// The EV user's API under /api/v1/me. Every endpoint reads the user from the token and loads only that
/// user's rows; another user's request answers 404, as if it did not exist. Bodies are read here, turned into
/// the desk's terms by <see cref="ChargingRequestParser"/> (kWh to Wh), and the desk's outcomes mapped to HTTP
/// by <see cref="DeskOutcomeResults"/>.
/// </summary>
public static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var anonymous = api.MapGroup("/me");
        anonymous.MapPost("/sign-up", async (HttpRequest request, UserAccounts accounts, CancellationToken ct) =>
        {
            var (body, error) = await ApiJson.ReadAsync<SignUpBody>(request, ct);
            return body is null
                ? ApiErrors.BadRequest(error!)
                : (await accounts.SignUpAsync(body, ct)).ToResult(a => Results.Created(
                    "/api/v1/me",
                    new { userId = a.UserId, login = a.Login, displayName = a.DisplayName, idTag = a.IdTag, walletAddress = a.WalletAddress, token = a.Token, expiresAt = a.ExpiresAt }));
        }).AllowAnonymous();
        anonymous.MapPost("/sign-in", async (HttpRequest request, UserAccounts accounts, CancellationToken ct) =>
        {
            var (body, error) = await ApiJson.ReadAsync<SignInBody>(request, ct);
            return body is null
                ? ApiErrors.BadRequest(error!)
                : (await accounts.SignInAsync(body, ct)).ToResult(a => Results.Ok(
                    new { userId = a.UserId, login = a.Login, displayName = a.DisplayName, token = a.Token, expiresAt = a.ExpiresAt }));
        }).AllowAnonymous();

        var me = api.MapGroup("/me").RequireAuthorization(ApiPolicies.User);
        me.MapGet("", async (ClaimsPrincipal user, UserRepository users, CancellationToken ct) =>
        {
            var record = await users.GetAsync(UserId(user), ct);
            return record is null
                ? ApiErrors.NotFound("this account no longer exists")
                : Results.Ok(new { userId = record.Id, login = record.Login, displayName = record.DisplayName, idTags = await users.ListIdTagsAsync(record.Id, ct), walletAddress = record.WalletAddress });
        });
        me.MapGet("/chargepoints", (SiteState site, LiveSiteState live) => Results.Ok(site.Topology.ChargePoints
            .OrderBy(c => c.ChargePointId, StringComparer.Ordinal)
            .Select(cp => new
            {
                id = cp.ChargePointId,
                online = live.ChargePoint(cp.ChargePointId).Connected,
                connectors = cp.Connectors.Select(c => new
                {
                    connectorId = c.ConnectorId,
                    ratedPowerW = c.RatedPowerW,
                    status = live.Connector(cp.ChargePointId, c.ConnectorId).Status,
                }),
            })));
        me.MapPost("/requests", async (ClaimsPrincipal user, HttpRequest request, ChargingRequestDesk desk, CancellationToken ct) =>
        {
            var (body, error) = await ApiJson.ReadAsync<ChargingRequestBody>(request, ct);
            if (body is null)
            {
                return ApiErrors.BadRequest(error!);
            }

            if (!ChargingRequestParser.Parse(UserId(user), body).TryGetValue(out var terms, out var invalid))
            {
                return invalid.ToResult();
            }

            return (await desk.CreateAsync(terms, ct)).ToResult(a => Results.Created($"/api/v1/me/requests/{a.Request.Id}", Answer(a)));
        });
        me.MapGet("/requests", async (ClaimsPrincipal user, HttpRequest request, ChargingRequestRepository requests, CancellationToken ct) =>
        {
            if (!PageRequest.TryParse(request.Query, out var page, out var error))
            {
                return ApiErrors.BadRequest(error);
            }

            var mine = await requests.ListByUserAsync(UserId(user), page.Offset + page.Limit, ct);
            var total = await requests.CountByUserAsync(UserId(user), ct);
            return Results.Ok(new Page<RequestAnswer>([.. mine.Skip(page.Offset).Select(r => RequestAnswer.Of(r))], page.Offset, page.Limit, total));
        });
        me.MapGet("/current", async (ClaimsPrincipal user, ChargingRequestRepository requests, MySessionsReader reader, TimeProvider time, CancellationToken ct) =>
        {
            // The open request, or one that ended in the last hour (so the app can show the receipt), else nothing.
            var mine = await requests.ListByUserAsync(UserId(user), 10, ct);
            var current = mine.FirstOrDefault(r => r.IsOpen)
                ?? mine.FirstOrDefault(r => r.State is ChargingRequestState.Completed or ChargingRequestState.Declined && r.UpdatedAt > time.GetUtcNow().AddHours(-1));
            return current is null ? Results.Ok(new { progress = (ProgressView?)null }) : Results.Ok(new { progress = await reader.ProgressAsync(current, ct) });
        });
        me.MapGet("/requests/{id}", (ClaimsPrincipal user, string id, ChargingRequestRepository requests, MySessionsReader reader, CancellationToken ct) =>
            WithOwnRequestAsync(user, id, requests, ct, async r => Results.Ok(await reader.ProgressAsync(r, ct))));
        me.MapPatch("/requests/{id}", (ClaimsPrincipal user, string id, HttpRequest request, ChargingRequestRepository requests, ChargingRequestDesk desk, CancellationToken ct) =>
            WithOwnRequestAsync(user, id, requests, ct, async r =>
            {
                var (body, error) = await ApiJson.ReadAsync<RequestChangeBody>(request, ct);
                if (body is null)
                {
                    return ApiErrors.BadRequest(error!);
                }

                return ChargingRequestParser.ParseChange(body).TryGetValue(out var change, out var invalid)
                    ? (await desk.ChangeAsync(r, change, ct)).ToResult(a => Results.Ok(Answer(a)))
                    : invalid.ToResult();
            }));
        me.MapPost("/requests/{id}/take-offer", (ClaimsPrincipal user, string id, HttpRequest request, ChargingRequestRepository requests, ChargingRequestDesk desk, CancellationToken ct) =>
            WithOwnRequestAsync(user, id, requests, ct, async r =>
            {
                var (body, error) = await ApiJson.ReadAsync<CounterOfferChoiceBody>(request, ct);
                if (body is null)
                {
                    return ApiErrors.BadRequest(error!);
                }

                return ChargingRequestParser.ParseChoice(body).TryGetValue(out var choice, out var invalid)
                    ? (await desk.TakeOfferAsync(r, choice, ct)).ToResult(a => Results.Ok(Answer(a)))
                    : invalid.ToResult();
            }));
        me.MapPost("/requests/{id}/decline", (ClaimsPrincipal user, string id, ChargingRequestRepository requests, ChargingRequestDesk desk, CancellationToken ct) =>
            WithOwnRequestAsync(user, id, requests, ct, async r => (await desk.DeclineAsync(r, ct)).ToResult(a => Results.Ok(Answer(a)))));
        me.MapPost("/requests/{id}/cancel", (ClaimsPrincipal user, string id, ChargingRequestRepository requests, ChargingRequestDesk desk, CancellationToken ct) =>
            WithOwnRequestAsync(user, id, requests, ct, async r => (await desk.CancelAsync(r, ct)).ToResult(a => Results.Ok(Answer(a)))));
        me.MapGet("/sessions", async (ClaimsPrincipal user, HttpRequest request, MySessionsReader reader, CancellationToken ct) =>
            PageRequest.TryParse(request.Query, out var page, out var error) ? Results.Ok(await reader.ReceiptsAsync(UserId(user), page, ct)) : ApiErrors.BadRequest(error));
        me.MapGet("/wallet", async (ClaimsPrincipal user, UserRepository users, ChainRuntime chain, CancellationToken ct) =>
        {
            var tags = await users.ListIdTagsAsync(UserId(user), ct);
            if (chain.Wallets is not { } vault || tags.Count == 0)
            {
                return Results.Ok(new { configured = false, address = (string?)null, tokens = (string?)null });
            }

            var address = await vault.GetAddressAsync(tags[0], ct);
            if (address is null || chain.FlexToken is not { } token)
            {
                return Results.Ok(new { configured = true, address, tokens = (string?)null });
            }

            var balance = await vault.GetBalanceAsync(tags[0], token, ct);
            return Results.Ok(new { configured = true, address = balance.Address, tokens = MySessionsReader.TokensText(balance.BaseUnits) });
        });
        me.MapPost("/wallet/keystore", async (ClaimsPrincipal user, HttpRequest request, UserRepository users, ChainRuntime chain, CancellationToken ct) =>
        {
            var (body, error) = await ApiJson.ReadAsync<KeystoreExportBody>(request, ct);
            if (body is null)
            {
                return ApiErrors.BadRequest(error!);
            }

            if (body.Password.Length < UserPasswordHash.MinLength)
            {
                return ApiErrors.BadRequest($"the export password must have at least {UserPasswordHash.MinLength} characters");
            }

            var tags = await users.ListIdTagsAsync(UserId(user), ct);
            if (chain.Wallets is not { } vault || tags.Count == 0 || await vault.GetAddressAsync(tags[0], ct) is null)
            {
                return ApiErrors.NotFound("you have no eWallet on this site");
            }

            // The keystore is encrypted under the user's password: it is the user's to keep, not a secret of ours.
            var keystore = await vault.ExportKeystoreAsync(tags[0], body.Password, ct);
            return Results.Text(keystore, "application/json");
        });
        return api;
    }

    private static RequestAnswer Answer(RequestWithHold answered) => RequestAnswer.Of(answered.Request, answered.Hold);

    private static long UserId(ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(BearerTokenAuthenticationHandler.UserIdClaim)!, CultureInfo.InvariantCulture);

    private static async Task<IResult> WithOwnRequestAsync(ClaimsPrincipal user, string id, ChargingRequestRepository requests, CancellationToken ct, Func<ChargingRequestRecord, Task<IResult>> action)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var requestId))
        {
            return ApiErrors.BadRequest("the request id must be a whole number");
        }

        var request = await requests.GetAsync(requestId, ct);
        return request is null || request.UserId != UserId(user) ? ApiErrors.NotFound($"you have no request {requestId}") : await action(request);
    }
}
