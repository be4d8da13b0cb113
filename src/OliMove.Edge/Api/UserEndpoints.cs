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
                    new { userId = a.UserId, login = a.Login, displayName = a.DisplayName, idTag = a.Card.IdTag, card = a.Card, walletAddress = a.WalletAddress, token = a.Token, expiresAt = a.ExpiresAt }));
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
        me.MapGet("", async (ClaimsPrincipal user, UserRepository users, CardBinding cards, CancellationToken ct) =>
        {
            var record = await users.GetAsync(UserId(user), ct);
            return record is null
                ? ApiErrors.NotFound("this account no longer exists")
                : Results.Ok(new
                {
                    userId = record.Id,
                    login = record.Login,
                    displayName = record.DisplayName,
                    // idTags: the bound cards only (whose sessions are the driver's); cards: those and the pending ones.
                    idTags = await users.ListIdTagsAsync(record.Id, ct),
                    cards = await cards.ListAsync(record.Id, ct),
                    walletAddress = record.WalletAddress,
                });
        });
        me.MapPost("/cards", async (ClaimsPrincipal user, HttpRequest request, CardBinding cards, CancellationToken ct) =>
        {
            var (body, error) = await ApiJson.ReadAsync<CardClaimBody>(request, ct);
            return body is null
                ? ApiErrors.BadRequest(error!)
                : (await cards.ClaimAsync(UserId(user), body.IdTag, ct)).ToResult(card => card.State == CardView.Pending
                    ? Results.Json(card, statusCode: StatusCodes.Status202Accepted)
                    : Results.Ok(card));
        });
        me.MapPost("/sign-out", async (HttpRequest request, ApiTokenRepository tokens, TimeProvider time, CancellationToken ct) =>
        {
            // The token this request was authenticated with; revoked_at is checked on every request, so it is refused at once.
            if (PresentedToken(request) is { } token)
            {
                await tokens.RevokeTokenAsync(token, time.GetUtcNow(), ct);
            }

            return Results.NoContent();
        });
        me.MapPost("/tokens/revoke-all", async (ClaimsPrincipal user, ApiTokenRepository tokens, TimeProvider time, CancellationToken ct) =>
            Results.Ok(new { revoked = await tokens.RevokeAllOfUserAsync(UserId(user), time.GetUtcNow(), ct) }));
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
            if (chain.Wallets is not { } vault || (await users.ListIdTagsAsync(UserId(user), ct)).Count == 0)
            {
                return Results.Ok(new { configured = false, address = (string?)null, tokens = (string?)null });
            }

            var walletTag = await UserWallet.IdTagOfAsync(users, vault, UserId(user), ct);
            var address = walletTag is null ? null : await vault.GetAddressAsync(walletTag, ct);
            if (address is null || chain.FlexToken is not { } token)
            {
                return Results.Ok(new { configured = true, address, tokens = (string?)null });
            }

            var balance = await vault.GetBalanceAsync(walletTag!, token, ct);
            return Results.Ok(new { configured = true, address = balance.Address, tokens = MySessionsReader.TokensText(balance.BaseUnits) });
        });
        me.MapPost("/wallet/keystore", async (ClaimsPrincipal user, HttpRequest request, UserRepository users, UserAccounts accounts, ChainRuntime chain, CancellationToken ct) =>
        {
            var (body, error) = await ApiJson.ReadAsync<KeystoreExportBody>(request, ct);
            if (body is null)
            {
                return ApiErrors.BadRequest(error!);
            }

            if (string.IsNullOrEmpty(body.AccountPassword))
            {
                return ApiErrors.BadRequest("exporting the private key needs your account password again: send it as accountPassword");
            }

            var password = body.Password ?? body.AccountPassword;
            if (password.Length < UserPasswordHash.MinLength)
            {
                return ApiErrors.BadRequest($"the export password must have at least {UserPasswordHash.MinLength} characters");
            }

            // A bearer token alone (stolen from a phone or a log) must not be enough to take the private key.
            if (!await accounts.VerifyPasswordAsync(UserId(user), body.AccountPassword, ct))
            {
                return ApiErrors.Unauthorized("wrong account password");
            }

            if (chain.Wallets is not { } vault || await UserWallet.IdTagOfAsync(users, vault, UserId(user), ct) is not { } walletTag)
            {
                return ApiErrors.NotFound("you have no eWallet on this site");
            }

            // The keystore is encrypted under the user's password: it is the user's to keep, not a secret of ours.
            var keystore = await vault.ExportKeystoreAsync(walletTag, password, ct);
            return Results.Text(keystore, "application/json");
        });

        // An operator binds a card directly (they checked who holds it some other way): decision 0241.
        api.MapPost("/users/{login}/cards", async (string login, ClaimsPrincipal caller, HttpRequest request, CardBinding cards, CancellationToken ct) =>
        {
            var (body, error) = await ApiJson.ReadAsync<CardClaimBody>(request, ct);
            return body is null
                ? ApiErrors.BadRequest(error!)
                : (await cards.BindByOperatorAsync(login, body.IdTag, caller.Identity?.Name ?? "operator", ct)).ToResult(card => Results.Ok(card));
        }).RequireAuthorization(ApiPolicies.Operator);
        return api;
    }

    private static RequestAnswer Answer(RequestWithHold answered) => RequestAnswer.Of(answered.Request, answered.Hold);

    private static string? PresentedToken(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

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
