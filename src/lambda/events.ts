/**
 * The Lambda event and result shapes the adapter reads, written
 * structurally (as Hono's Lambda adapter does) so that users need no
 * `@types/aws-lambda` to compile. Only fields AWS documents are listed;
 * fields a trigger may omit are optional.
 * @module
 */

/** Single-value headers: any name case; API Gateway v1 sends `null` when there are none. */
export type EventHeaders = Readonly<Record<string, string | undefined>>;

/** Multi-value headers: every value of every header, in arrival order. */
export type EventMultiValueHeaders = Readonly<Record<string, readonly string[] | undefined>>;

type Params = Readonly<Record<string, string | undefined>>;
type MultiValueParams = Readonly<Record<string, readonly string[] | undefined>>;

/**
 * API Gateway REST API proxy event (also HTTP API payload format 1.0).
 * Header names keep the client's case (`Traceparent`); `multiValueHeaders`
 * holds every value of a repeated header, `headers` only the last.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
export interface ApiGatewayProxyEvent {
  readonly version?: string | undefined;
  /** The resource template, such as `/items/{id}`: the route. */
  readonly resource: string;
  readonly path: string;
  readonly httpMethod: string;
  readonly headers: EventHeaders | null;
  readonly multiValueHeaders: EventMultiValueHeaders | null;
  readonly queryStringParameters?: Params | null | undefined;
  readonly multiValueQueryStringParameters?: MultiValueParams | null | undefined;
  readonly pathParameters?: Params | null | undefined;
  readonly stageVariables?: Params | null | undefined;
  readonly requestContext: {
    readonly accountId?: string | undefined;
    readonly apiId?: string | undefined;
    readonly domainName?: string | undefined;
    readonly httpMethod?: string | undefined;
    readonly path?: string | undefined;
    readonly protocol?: string | undefined;
    readonly requestId?: string | undefined;
    readonly resourcePath?: string | undefined;
    readonly stage?: string | undefined;
    readonly identity?:
      | { readonly sourceIp?: string | undefined; readonly userAgent?: string | null | undefined }
      | undefined;
  };
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

/**
 * HTTP API payload format 2.0, which Lambda function URLs also use. Header
 * names are lowercase; repeated headers arrive comma-joined; cookies are
 * moved to `cookies`.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
 */
export interface ApiGatewayProxyEventV2 {
  readonly version: "2.0";
  /** `GET /items/{id}`, or `$default` (always `$default` for a function URL). */
  readonly routeKey: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly cookies?: readonly string[] | undefined;
  readonly headers: EventHeaders;
  readonly queryStringParameters?: Params | undefined;
  readonly pathParameters?: Params | undefined;
  readonly stageVariables?: Params | undefined;
  readonly requestContext: {
    readonly accountId?: string | undefined;
    readonly apiId?: string | undefined;
    readonly domainName?: string | undefined;
    readonly domainPrefix?: string | undefined;
    readonly http: {
      readonly method: string;
      readonly path: string;
      readonly protocol?: string | undefined;
      readonly sourceIp?: string | undefined;
      readonly userAgent?: string | undefined;
    };
    readonly requestId?: string | undefined;
    readonly routeKey?: string | undefined;
    readonly stage?: string | undefined;
    readonly time?: string | undefined;
    readonly timeEpoch?: number | undefined;
  };
  readonly body?: string | undefined;
  readonly isBase64Encoded: boolean;
}

/**
 * Application Load Balancer event. The target group delivers either
 * `headers` or, with multi-value headers enabled, `multiValueHeaders`.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html#receive-event-from-load-balancer
 */
export interface AlbEvent {
  readonly requestContext: { readonly elb: { readonly targetGroupArn: string } };
  readonly httpMethod: string;
  readonly path: string;
  readonly headers?: EventHeaders | undefined;
  readonly multiValueHeaders?: EventMultiValueHeaders | undefined;
  readonly queryStringParameters?: Params | undefined;
  readonly multiValueQueryStringParameters?: MultiValueParams | undefined;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

/** An SQS message attribute; trace context travels in `String` ones. */
export interface SqsMessageAttribute {
  readonly dataType: string;
  readonly stringValue?: string | undefined;
  readonly binaryValue?: string | undefined;
}

/**
 * One SQS message. `attributes.AWSTraceHeader` is the X-Ray header SQS
 * carried for the producer.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
export interface SqsRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string | undefined>> & {
    readonly AWSTraceHeader?: string | undefined;
  };
  readonly messageAttributes: Readonly<Record<string, SqsMessageAttribute | undefined>>;
  readonly md5OfBody?: string | undefined;
  readonly eventSource: "aws:sqs";
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

/** A batch of SQS messages. */
export interface SqsEvent {
  readonly Records: readonly SqsRecord[];
}

/** An SNS message attribute: `{ Type: "String", Value }`. */
export interface SnsMessageAttribute {
  readonly Type: string;
  readonly Value: string;
}

/**
 * One SNS notification.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
 */
export interface SnsRecord {
  readonly EventSource: "aws:sns";
  readonly EventVersion: string;
  readonly EventSubscriptionArn: string;
  readonly Sns: {
    readonly Type: string;
    readonly MessageId: string;
    readonly TopicArn: string;
    readonly Subject?: string | null | undefined;
    readonly Message: string;
    readonly Timestamp: string;
    readonly MessageAttributes?: Readonly<Record<string, SnsMessageAttribute | undefined>>;
  };
}

/** SNS delivers one notification per invocation. */
export interface SnsEvent {
  readonly Records: readonly SnsRecord[];
}

/**
 * An EventBridge event, such as a schedule (`"detail-type": "Scheduled Event"`).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 */
export interface EventBridgeEvent<Detail = unknown> {
  readonly id: string;
  readonly version: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly source: string;
  readonly "detail-type": string;
  readonly detail: Detail;
}

/** Every event shape the adapter recognizes. Anything else starts a new trace. */
export type LambdaEvent =
  | ApiGatewayProxyEvent
  | ApiGatewayProxyEventV2
  | AlbEvent
  | SqsEvent
  | SnsEvent
  | EventBridgeEvent;

/**
 * An HTTP proxy result (API Gateway v1/v2, ALB, function URL). An HTTP API
 * or function URL result without `statusCode` is sent whole as a JSON body
 * with status 200.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
 */
export interface ProxyResult {
  readonly statusCode: number;
  readonly statusDescription?: string | undefined;
  readonly headers?: Readonly<Record<string, boolean | number | string>> | undefined;
  readonly multiValueHeaders?:
    | Readonly<Record<string, readonly (boolean | number | string)[]>>
    | undefined;
  readonly cookies?: readonly string[] | undefined;
  readonly body?: string | undefined;
  readonly isBase64Encoded?: boolean | undefined;
}
