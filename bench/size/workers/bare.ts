// The smallest Worker that makes the same outbound call as the others: the size floor.
export default {
  fetch(): Promise<Response> {
    return fetch("https://example.com");
  },
};
