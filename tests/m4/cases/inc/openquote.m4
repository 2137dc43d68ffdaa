before
`this quote never
closes
