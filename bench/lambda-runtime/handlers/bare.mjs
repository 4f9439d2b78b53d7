// The same handler without edge-trace, for comparison.
export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ n: event.n }) });
