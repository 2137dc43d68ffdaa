changecom(`[[', `]]')dnl
text [[ comment never
ends
