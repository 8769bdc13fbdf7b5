/** The message of a failed call, for showing to the user. */
export const errorText = (e: unknown) => (e instanceof Error ? e.message : 'Something went wrong.');
