declare module '#app' {
  interface PageMeta {
    /** Only server admins may open the page (checked again by every API route it calls). */
    serverAdmin?: boolean
  }
}

export {}
