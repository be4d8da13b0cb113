using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Routing;

/// <summary>Turns one incoming CALL into the reply frame: known action? admitted? valid payload? then the
/// handler. Every failure becomes the CALLERROR that OCPP-J 1.6 table 7 names; nothing escapes.</summary>
public sealed class OcppCallDispatcher(
    OcppRouteTable routes,
    IReadOnlySet<string> actionsReceivable,
    OcppSchemaSet schemas,
    Func<OcppCallContext, OcppCallError?> admission,
    bool validateReplies,
    ILogger logger)
{
    public async ValueTask<string> DispatchAsync(OcppCallContext context, CancellationToken ct)
    {
        var call = context.Call;
        var route = routes.Find(call.Action);
        if (route is null)
        {
            // OCPP-J 1.6 table 7: NotImplemented = action unknown; NotSupported = known but not supported here.
            var code = actionsReceivable.Contains(call.Action) || OcppActions.IsKnown(call.Action)
                ? OcppErrorCode.NotSupported
                : OcppErrorCode.NotImplemented;
            return Error(call.MessageId, code, $"action '{Truncate(call.Action)}' is not {(code == OcppErrorCode.NotSupported ? "supported" : "implemented")} here");
        }
        if (admission(context) is { } refused)
        {
            return OcppFrameWriter.WriteCallError(refused with { MessageId = call.MessageId });
        }
        // A request read straight from the frame is schema-valid by construction (decision 0330): no tree to walk.
        var typed = call.TypedPayload is { } request && route.InvokeTyped is not null && route.RequestType == request.GetType()
            ? request
            : null;
        if (typed is null && schemas.FindRequest(call.Action) is { } schema
            && OcppPayloadValidator.Validate(schema, call.Payload) is { } failure)
        {
            return Error(call.MessageId, failure.ErrorCode, failure.Description);
        }
        object reply;
        try
        {
            reply = typed is not null ? await route.InvokeTyped!(context, typed, ct) : await route.Invoke(context, call.Payload, ct);
        }
        catch (OcppCallErrorException e)
        {
            return Error(call.MessageId, e.ErrorCode, e.Description);
        }
        catch (JsonException e)
        {
            // Valid by schema but not representable (e.g. an integer beyond Int32): a value problem.
            return Error(call.MessageId, OcppErrorCode.PropertyConstraintViolation, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Handler for {Action} from {PeerId} failed", call.Action, context.PeerId);
            return Error(call.MessageId, OcppErrorCode.InternalError, "the handler failed; nothing was stored");
        }
        if (OcppFrameWriter.TryWriteCertainlyValidCallResult(call.MessageId, reply) is { } certain)
        {
            // A reply that cannot break its schema (decision 0330): written directly, without a tree to validate.
            return certain;
        }
        if (!validateReplies)
        {
            return OcppFrameWriter.WriteCallResult(call.MessageId, reply);
        }
        var payload = OcppJson.ToPayload(reply);
        if (schemas.FindResponse(call.Action) is { } replySchema && OcppPayloadValidator.Validate(replySchema, payload) is { } bad)
        {
            logger.LogError("Reply to {Action} breaks its schema: {Description}", call.Action, bad.Description);
            return Error(call.MessageId, OcppErrorCode.InternalError, "the reply could not be formed");
        }
        return OcppFrameWriter.WriteCallResult(call.MessageId, payload);
    }

    private static string Error(string messageId, string code, string description) =>
        OcppFrameWriter.WriteCallError(new OcppCallError(messageId, code, description, []));

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
