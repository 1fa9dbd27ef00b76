/** Someone named by a record whose account has since been deleted (SPEC 3.6): the id stays, the name says so. */
export const DELETED_USER_NAME = 'Deleted user'
